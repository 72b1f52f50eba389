// The baseline for the redirect benchmark: the smallest ASP.NET Core app that answers GET /{slug} with the
// api's 302 (Location plus Cache-Control), with no lookup, no click recording, no telemetry and no logging.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/{slug}", (string slug, HttpContext http) =>
{
    http.Response.Headers.CacheControl = "private, max-age=0";
    return Results.Redirect("https://example.com/bench/" + slug);
});
app.Run();
