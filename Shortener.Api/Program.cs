using Shortener.Api.Apis;
using Shortener.Api.Extensions;
using Shortener.Api.RateLimiting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseClientRateLimiting();
// There is no default scheme: a key is read by UseAuthorization, only for endpoints that require one (AddApiKeyAuthentication).
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapLinksApi();
app.MapLinkQrApi();
app.MapStatsApi();
app.MapLinkStatsApi();
app.MapExportsApi();
app.MapLiveClicksApi();
app.MapApiKeysApi();
app.MapWorkerApi();
app.MapDashboard();
app.MapRedirectApi();

app.Run();
