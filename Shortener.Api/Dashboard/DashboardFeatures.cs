namespace Shortener.Api.Dashboard;

/// <summary>
/// Which optional APIs this api maps, read from its routes once: the dashboard shows the live feed, sites and webhooks
/// pages only where the server has them, instead of asking and getting 404s.
/// </summary>
public sealed record DashboardFeatures(bool Live, bool Sites, bool Webhooks)
{
    public static DashboardFeatures From(EndpointDataSource endpoints)
    {
        var routes = endpoints.Endpoints.OfType<RouteEndpoint>().Select(e => "/" + (e.RoutePattern.RawText ?? "").Trim('/')).ToHashSet();
        return new DashboardFeatures(routes.Contains("/links/{slug}/clicks/live"), routes.Contains("/sites"), routes.Contains("/webhooks"));
    }
}
