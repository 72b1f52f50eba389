using System.Net;
using Shortener.Core.Net;

namespace Shortener.Tests.Webhooks;

/// <summary>The SSRF guard where it acts: at connect time, after the name was resolved for that very connection.</summary>
public sealed class TargetGuardTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.20.30.40", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("0.0.0.0", "this-network")]
    [InlineData("100.64.0.1", "shared (carrier-grade NAT)")]
    public void AddressesOffThePublicInternetAreNamed(string address, string kind) =>
        Assert.Equal(kind, ReservedAddresses.Kind(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("172.32.0.1")]
    public void PublicAddressesAreAllowed(string address) => Assert.Null(ReservedAddresses.Kind(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task AConnectionToALoopbackTargetIsRefusedWhereTheSocketWouldConnect(string host)
    {
        var path = WebhookReceiver.NewPath("guarded");
        _receiver.Page(path, "<title>secret</title>");
        using var client = new HttpClient(new TargetGuard(allowPrivateTargets: false).CreateHandler());
        var url = _receiver.Url(path).Replace("127.0.0.1", host);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));
        Assert.Contains("loopback", TargetGuard.Explain(failure));
        Assert.StartsWith("Refused:", TargetGuard.Explain(failure));
        Assert.Equal(0, _receiver.Gets(path));

        using var allowed = new HttpClient(new TargetGuard(allowPrivateTargets: true).CreateHandler());
        using var response = await allowed.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _receiver.Gets(path));
    }

    [Fact]
    public async Task TheGuardFollowsNoRedirect()
    {
        var path = WebhookReceiver.NewPath("hop");
        _receiver.Redirect(path, "http://10.0.0.1/internal");
        using var client = new HttpClient(new TargetGuard(allowPrivateTargets: true).CreateHandler());
        using var response = await client.GetAsync(_receiver.Url(path));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "loopback")]
    [InlineData("http://[::1]/hook", "loopback")]
    [InlineData("http://localhost:8080/hook", "loopback")]
    [InlineData("http://10.0.0.5/hook", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("gopher://example.com/", "Only http and https")]
    public async Task RegistrationChecksWhereTheHostResolvesNow(string url, string reason) =>
        Assert.Contains(reason, await new TargetGuard(allowPrivateTargets: false).CheckAsync(new Uri(url), CancellationToken.None));
}
