using Microsoft.AspNetCore.Http.HttpResults;

namespace Shortener.Api.Apis;

/// <summary>The problem+json answers the API gives, worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem($"No link has the slug '{Truncate(slug)}'.", statusCode: StatusCodes.Status404NotFound, title: "Link not found");

    public static ProblemHttpResult Gone(string slug, string why) =>
        TypedResults.Problem($"The link '{Truncate(slug)}' {why}.", statusCode: StatusCodes.Status410Gone, title: "Link no longer available");

    public static ProblemHttpResult Forbidden(string slug) =>
        TypedResults.Problem($"The link '{Truncate(slug)}' belongs to another user.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult SlugTaken(string slug) =>
        TypedResults.Problem($"The slug '{Truncate(slug)}' is already taken.", statusCode: StatusCodes.Status409Conflict, title: "Slug taken");

    public static ProblemHttpResult Unavailable(string slug, string why) =>
        TypedResults.Problem($"The link '{Truncate(slug)}' cannot be followed right now: {why}.", statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Try again shortly");

    public static ProblemHttpResult WrongPassword(string slug) =>
        TypedResults.Problem($"The password for '{Truncate(slug)}' is not right.", statusCode: StatusCodes.Status401Unauthorized, title: "Wrong password");

    public static ProblemHttpResult WebhookNotFound(long id) =>
        TypedResults.Problem($"No webhook has the id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Webhook not found");

    public static ProblemHttpResult WebhookForbidden(long id) =>
        TypedResults.Problem($"Webhook {id} belongs to another user.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult DeliveryNotFound(long id, Guid delivery) =>
        TypedResults.Problem($"Webhook {id} has no delivery {delivery}.", statusCode: StatusCodes.Status404NotFound, title: "Delivery not found");

    public static ProblemHttpResult WebhookDisabled(long id, string? why) =>
        TypedResults.Problem($"Webhook {id} is disabled ({why ?? "by its owner"}); PATCH it with {{\"enabled\": true}} first.",
            statusCode: StatusCodes.Status409Conflict, title: "Webhook disabled");

    // Echoing a 10 KB slug back helps nobody.
    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
