using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Shortener.Api.Dashboard;

namespace Shortener.Api.Apis;

/// <summary>
/// GET /dashboard/…: the dashboard's files, and its page for every other path under /dashboard so deep links and
/// reloads work (the page routes in the browser). Nothing outside /dashboard falls back to it.
/// </summary>
public static class DashboardApi
{
    // Scripts, styles and data come from this origin only: the dashboard loads nothing from another host.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static RouteHandlerBuilder MapDashboard(this IEndpointRouteBuilder app) =>
        app.MapMethods("/dashboard/{**path}", [HttpMethods.Get, HttpMethods.Head], ServeDashboard).WithTags("Dashboard").ExcludeFromDescription();

    public static Results<PhysicalFileHttpResult, ProblemHttpResult> ServeDashboard(string? path, HttpContext http, DashboardFiles files)
    {
        path ??= "";
        if (!files.IsBuilt)
            return TypedResults.Problem("The dashboard was not built: build Shortener.Api with node and npm on PATH.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Dashboard not built");
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (files.Find(path) is { } asset && !path.EndsWith(".gz", StringComparison.Ordinal) && !path.EndsWith(".br", StringComparison.Ordinal))
        {
            // Vite names assets by their content hash, so they never change under the same name.
            headers.CacheControl = path.StartsWith("assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
            return Serve(http, files, asset, path);
        }
        // Only assets are files; any other path is a page (a site id such as example.com has a dot too).
        if (path.StartsWith("assets/", StringComparison.Ordinal))
            return TypedResults.Problem($"The dashboard has no file '{path}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "same-origin";
        return Serve(http, files, files.Find("index.html")!, "index.html");
    }

    private static PhysicalFileHttpResult Serve(HttpContext http, DashboardFiles files, Microsoft.Extensions.FileProviders.IFileInfo file, string path)
    {
        var (body, encoding) = files.Negotiate(file, path, http.Request.Headers.AcceptEncoding.ToString());
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (encoding is not null) http.Response.Headers.ContentEncoding = encoding;
        return TypedResults.PhysicalFile(body.PhysicalPath!, DashboardFiles.ContentType(path), lastModified: file.LastModified);
    }
}
