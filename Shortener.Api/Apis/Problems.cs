using Microsoft.AspNetCore.Http.HttpResults;

namespace Shortener.Api.Apis;

/// <summary>The problem+json answers the API gives, worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem($"No link has the slug '{Truncate(slug)}'.", statusCode: StatusCodes.Status404NotFound, title: "Link not found");

    public static ProblemHttpResult Gone(string slug, string why) =>
        TypedResults.Problem($"The link '{Truncate(slug)}' {why}.", statusCode: StatusCodes.Status410Gone, title: "Link no longer available");

    // Echoing a 10 KB slug back helps nobody.
    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
