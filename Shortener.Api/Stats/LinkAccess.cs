using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;

namespace Shortener.Api.Stats;

/// <summary>
/// Who may read a link's statistics and exports: its owner or an admin. Today every key is the admin's; when per-user
/// keys land (issue 3), a user's key is expected to carry the user's id as its NameIdentifier, which is compared here.
/// </summary>
internal static class LinkAccess
{
    public static bool Allows(ClaimsPrincipal user, long? ownerId) =>
        user.IsInRole(ApiKeyAuthenticationHandler.AdminRole)
        || (ownerId is { } owner && user.FindFirstValue(ClaimTypes.NameIdentifier) == owner.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static ProblemHttpResult Forbidden(string slug) =>
        TypedResults.Problem($"Only the owner of '{slug}' or an admin may read its statistics and exports.",
            statusCode: StatusCodes.Status403Forbidden, title: "Not your link");
}
