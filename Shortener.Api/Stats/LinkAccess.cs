using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;

namespace Shortener.Api.Stats;

/// <summary>The answer when a caller may not read a link's statistics or exports (see <see cref="Caller.CanAccess(ClaimsPrincipal, long?)"/>).</summary>
internal static class LinkAccess
{
    public static ProblemHttpResult Forbidden(string slug) =>
        TypedResults.Problem($"Only the owner of '{slug}' or an admin may read its statistics and exports.",
            statusCode: StatusCodes.Status403Forbidden, title: "Not your link");
}
