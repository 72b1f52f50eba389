using Shortener.Api.Apis;
using Shortener.Api.Extensions;
using Shortener.Api.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseShortenerPipeline();

app.MapDefaultEndpoints();
app.MapShortenerOpenApi();
app.MapAuthApi();
app.MapLinksApi();
app.MapBulkLinksApi();
app.MapTagsApi();
app.MapImportsApi();
app.MapLinkQrApi();
app.MapStatsApi();
app.MapLinkStatsApi();
app.MapExportsApi();
app.MapLiveClicksApi();
app.MapApiKeysApi();
app.MapUsersApi();
app.MapWorkerApi();
app.MapWebhooksApi();
app.MapSitesApi();
app.MapEventsApi();
app.MapAlertsApi();
app.MapDashboard();
app.MapRedirectApi();

app.Run();
