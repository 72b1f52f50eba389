using Microsoft.AspNetCore.Http.HttpResults;
using Shortener.Analytics.Services;

namespace Shortener.Analytics.Apis;

public static class LinkCreationsApi
{
    public static RouteGroupBuilder MapLinkCreationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/analytics").WithTags("Analytics");
        api.MapGet("/links-created", GetLinksCreated);
        return api;
    }

    /// <summary>Links created per UTC day over the last <paramref name="days"/> days (default 30), newest first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<DayCount>>, ValidationProblem>> GetLinksCreated(LinkCreationCounter counter,
        CancellationToken ct, int days = 30)
    {
        if (days is < 1 or > 3660)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["days must be between 1 and 3660."] });
        return TypedResults.Ok(await counter.LastDaysAsync(days, ct));
    }
}
