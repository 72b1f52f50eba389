using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shortener.Tests.Infrastructure;
using Shortener.Tests.Links;
using Shortener.Tests.Webhooks;

namespace Shortener.Tests.Pipeline;

/// <summary>With the defaults (Webhooks:AllowPrivateTargets off), as a deployment runs: private targets are refused.</summary>
[Collection(AppCollection.Name)]
public sealed class PrivateTargetTests(AppFixture app)
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "loopback")]
    [InlineData("http://localhost/hook", "loopback")]
    [InlineData("http://192.168.0.10/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://[fd00::1]/hook", "unique-local")]
    public async Task RegisteringAPrivateTargetAnswers400WithTheReason(string url, string reason)
    {
        using var response = await app.Api.PostAsJsonAsync("/webhooks", new { url, events = new[] { "link.created" } });
        LinkClient.AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = problem.GetProperty("errors").GetProperty("url")[0].GetString();
        Assert.Contains(reason, error);
        Assert.Contains("public addresses", error);
        Assert.DoesNotContain((await app.Api.GetJsonAsync("/webhooks?limit=100")).GetProperty("items").EnumerateArray(),
            w => w.GetProperty("url").GetString() == url);
    }

    [Fact]
    public async Task APreviewOfAPrivateTargetIsRefusedWhereTheWorkerConnects()
    {
        await using var target = await WebhookReceiver.StartAsync();
        var path = WebhookReceiver.NewPath("internal");
        target.Page(path, "<title>internal admin</title>");
        var slug = (await app.Api.CreateAsync(new { url = target.Url(path) })).Slug();

        var link = await Eventually.WaitForAsync(() => app.Api.GetJsonAsync($"/links/{slug}"),
            l => l.TryGetProperty("jobs", out var jobs) && jobs.GetProperty("last_error").ValueKind == JsonValueKind.String,
            WebhookClient.Patience, "the preview's first attempt");
        Assert.Contains("Refused: 127.0.0.1 is a loopback address", link.GetProperty("jobs").GetProperty("last_error").GetString());
        Assert.Equal("pending", link.GetProperty("jobs").GetProperty("preview").GetString());
        Assert.False(link.TryGetProperty("preview", out _));
        Assert.Equal(0, target.Gets(path));
    }
}
