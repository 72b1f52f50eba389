using Shortener.Analytics.Apis;
using Shortener.Analytics.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapLinkCreationsApi();

app.Run();
