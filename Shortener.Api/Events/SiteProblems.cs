using Microsoft.AspNetCore.Http.HttpResults;

namespace Shortener.Api.Events;

/// <summary>
/// The problem+json answers of sites and events, worded once. Ingestion's also carry the members the seed's clients
/// read: success (false), error and details (one message per failing field).
/// </summary>
internal static class SiteProblems
{
    public const string ValidationFailed = "Validation failed";

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: ValidationFailed, extensions: Seed(ValidationFailed,
            [.. errors.SelectMany(e => e.Value.Select(m => e.Key.Length == 0 ? m : $"{e.Key}: {m}"))]));

    public static ProblemHttpResult UnknownSite(string siteId) =>
        TypedResults.Problem($"No site '{Truncate(siteId)}' is registered; register it with POST /sites first.", statusCode: StatusCodes.Status404NotFound,
            title: "Site not found", extensions: Seed("Site not found", [$"site_id: no site '{Truncate(siteId)}' is registered."]));

    public static ProblemHttpResult TooMany(int max) =>
        TypedResults.Problem($"A batch holds at most {max} events.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many events",
            extensions: Seed("Too many events", [$"A batch holds at most {max} events."]));

    public static ProblemHttpResult Busy() =>
        TypedResults.Problem("The event queue is full (Redis has been unreachable for a while); send again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Try again shortly",
            extensions: Seed("Try again shortly", ["The event queue is full."]));

    public static ProblemHttpResult NotJson(string why) =>
        TypedResults.Problem(why, statusCode: StatusCodes.Status400BadRequest, title: ValidationFailed, extensions: Seed(ValidationFailed, [why]));

    public static ProblemHttpResult NotFound(string siteId) =>
        TypedResults.Problem($"No site '{Truncate(siteId)}' is registered.", statusCode: StatusCodes.Status404NotFound, title: "Site not found");

    public static ProblemHttpResult Forbidden(string siteId) =>
        TypedResults.Problem($"The site '{Truncate(siteId)}' belongs to another user.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Taken(string siteId) =>
        TypedResults.Problem($"The site id '{Truncate(siteId)}' is already registered.", statusCode: StatusCodes.Status409Conflict, title: "Site id taken");

    private static Dictionary<string, object?> Seed(string error, string[] details) =>
        new() { ["success"] = false, ["error"] = error, ["details"] = details };

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
