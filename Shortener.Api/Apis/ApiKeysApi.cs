using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.Apis;

public sealed record CreateApiKeyRequest(string? User, bool? Admin = null);

public sealed record ApiKeyResponse(string Key, string Prefix, long UserId);

public static partial class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api-keys").RequireAuthorization(AuthExtensions.AdminPolicy).RateLimited(RateLimitPolicy.Api).WithTags("API keys");
        api.MapPost("/", CreateApiKey);
        return api;
    }

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
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
}
