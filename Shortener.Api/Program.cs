using Shortener.Api.Apis;
using Shortener.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapLinksApi();
app.MapStatsApi();
app.MapLinkStatsApi();
app.MapExportsApi();
app.MapWorkerApi();
app.MapRedirectApi();

app.Run();
