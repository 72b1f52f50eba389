using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Api.Auth;
using Shortener.Api.OpenApi;
using Shortener.Api.RateLimiting;

namespace Shortener.Api.Apis;

public sealed record UpdateUserRequest(bool? Admin);

public sealed record UserResponse(long Id, string Name, bool Admin);

/// <summary>Users as admins manage them: promote or demote (users are created with their first key, POST /api-keys).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/users").RequireAuthorization(AuthExtensions.AdminPolicy).RateLimited(RateLimitPolicy.Api).WithTags("Users");
        api.MapPatch("/{id}", UpdateUser).ProducesProblems(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateUser(string id, UpdateUserRequest? request,
        ApiKeyStore keys, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || userId <= 0) return NotFound(id);
        if (request?.Admin is not { } admin)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["admin"] = ["Send {\"admin\": true} or {\"admin\": false}."] });
        var user = await keys.SetAdminAsync(userId, admin, ct);
        return user is null ? NotFound(id) : TypedResults.Ok(new UserResponse(user.Id, user.Name, user.IsAdmin));
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No user has the id '{(id.Length <= 20 ? id : id[..20] + "…")}'.", statusCode: StatusCodes.Status404NotFound,
            title: "User not found");
}
