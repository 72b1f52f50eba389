using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.Apis;

public sealed record CreateApiKeyRequest(string? User, bool? Admin = null);

public sealed record ApiKeyResponse(string Key, string Prefix, long UserId);

public static partial class ApiKeysApi
{
    private const int MaxPrefixLength = 64;

    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api-keys").RequireAuthorization().RateLimited(RateLimitPolicy.Api).WithTags("API keys");
        api.MapPost("/", CreateApiKey).RequireAuthorization(AuthExtensions.AdminPolicy);
        api.MapDelete("/{prefix}", RevokeApiKey).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return api;
    }

    // \z, not $: "$" matches before a final "\n" too, and "alice\n" would be a second alice.
    [GeneratedRegex(@"\A[A-Za-z0-9_.@-]{1,64}\z")]
    private static partial Regex UserNamePattern();

    /// <summary>Creates the user if new and a key for them. The key is in this answer only: just its hash is stored.</summary>
    public static async Task<Results<Created<ApiKeyResponse>, ValidationProblem>> CreateApiKey(CreateApiKeyRequest? request, ApiKeyStore keys,
        CancellationToken ct)
    {
        if (request?.User is not { } user || !UserNamePattern().IsMatch(user))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["user"] = ["A user name is 1 to 64 characters of A-Z, a-z, 0-9, '_', '.', '@' and '-'."],
            });
        var issued = await keys.IssueAsync(user, request.Admin ?? false, ct);
        return TypedResults.Created((string?)null, new ApiKeyResponse(issued.Key, issued.Prefix, issued.UserId));
    }

    /// <summary>Revokes one of the caller's keys by its prefix (an admin may revoke anyone's). Another user's prefix is a 404, as if unknown.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(string prefix, ClaimsPrincipal user, ApiKeyStore keys,
        CancellationToken ct)
    {
        var outcome = prefix.Length > MaxPrefixLength ? RevokeOutcome.NotFound : await keys.RevokeAsync(prefix, user.UserId(), user.IsAdmin(), ct);
        return outcome switch
        {
            RevokeOutcome.Revoked => TypedResults.NoContent(),
            RevokeOutcome.Ambiguous => TypedResults.Problem("More than one active key has this prefix; revoke them through their users.",
                statusCode: StatusCodes.Status409Conflict, title: "Ambiguous prefix"),
            _ => TypedResults.Problem("None of your active keys has this prefix.", statusCode: StatusCodes.Status404NotFound, title: "Key not found"),
        };
    }
}
