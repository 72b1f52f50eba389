using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Pipeline;

[Collection(AppCollection.Name)]
public sealed class ClickCountingTests(AppFixture app)
{
    [Fact]
    public async Task FiftyRedirectsGiveATotalOfFiftyInOneBucketForToday()
    {
        var link = await app.CreateLinkAsync("https://example.com/fifty");
        for (var i = 0; i < 50; i++) Assert.Equal(HttpStatusCode.Found, await app.FollowAsync(link.Slug));

        await app.WaitForStoredClicksAsync(link.Id, 50);
        using var stats = await app.Api.GetFromJsonAsync<JsonDocument>($"/stats/{link.Slug}");
        var root = stats!.RootElement;
        Assert.Equal(50, root.GetProperty("total").GetInt64());
        var bucket = Assert.Single(root.GetProperty("by_day").EnumerateArray());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), bucket.GetProperty("day").GetString());
        Assert.Equal(50, bucket.GetProperty("clicks").GetInt64());
    }

    [Fact]
    public async Task RedirectAnswersWithTheTargetInLocation()
    {
        var link = await app.CreateLinkAsync("https://example.com/where?q=1");
        using var response = await app.Anonymous.GetAsync($"/{link.Slug}");
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("https://example.com/where?q=1", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task UnknownSlugAnswers404ProblemDetails()
    {
        using var response = await app.Anonymous.GetAsync("/NoSuchSlug1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task KillingTheWorkerWhileRedirectsContinueLosesAndDoublesNoClick()
    {
        var link = await app.CreateLinkAsync("https://example.com/kill-9");
        var load = new ShortenerClient.RedirectLoad(app, link.Slug).Start();
        await load.WaitForServedAsync(300);

        await app.KillAsync("worker");
        var servedWhileDown = load.Served;
        await load.WaitForServedAsync(servedWhileDown + 300);

        await app.StartAsync("worker");
        await app.WaitHealthyAsync("worker");
        await load.WaitForServedAsync(load.Served + 300);
        var served = await load.StopAsync();

        var stored = await app.WaitForStoredClicksAsync(link.Id, served);
        Assert.Equal(served, stored);
    }
}
