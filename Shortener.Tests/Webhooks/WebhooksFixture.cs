using System.Security.Cryptography;
using Shortener.Tests.Infrastructure;

namespace Shortener.Tests.Webhooks;

/// <summary>
/// The webhooks app: its receiver runs in the test process on loopback, so private targets are allowed here (the
/// pipeline app, with the defaults, shows them refused). Retries and job backoff take a fraction of a second instead of
/// minutes, by configuration; delivery is throttled to 100 per second per endpoint, so a test can catch the worker in
/// the middle of sending; alerts are posted, signed, to the receiver.
/// </summary>
public sealed class WebhooksFixture : AppFixture
{
    public const string AlertsPath = "/alerts";

    private WebhookReceiver? _receiver;

    public WebhookReceiver Receiver => _receiver ?? throw new InvalidOperationException("The receiver has not started.");

    /// <summary>The secret alert.raised is signed with (Alerts:WebhookSecret).</summary>
    public string AlertsSecret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public override async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
    }

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        base.Configure(builder);
        builder.CreateResourceBuilder<ProjectResource>("api").WithEnvironment("Webhooks__AllowPrivateTargets", "true");
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Webhooks__AllowPrivateTargets", "true")
            .WithEnvironment("Webhooks__RetryDelays__0", "00:00:00.200")
            .WithEnvironment("Webhooks__RetryDelays__1", "00:00:00.400")
            .WithEnvironment("Webhooks__PollInterval", "00:00:00.100")
            .WithEnvironment("Webhooks__Timeout", "00:00:03")
            .WithEnvironment("Webhooks__PermitsPerSecond", "100")
            .WithEnvironment("Jobs__RetryBaseDelay", "00:00:00.200")
            .WithEnvironment("Jobs__PollInterval", "00:00:00.100")
            .WithEnvironment("Jobs__PermitsPerSecond", "100")
            .WithEnvironment("Alerts__WebhookUrl", Receiver.Url(AlertsPath))
            .WithEnvironment("Alerts__WebhookSecret", AlertsSecret);
    }
}

[CollectionDefinition(Name)]
public sealed class WebhooksCollection : ICollectionFixture<WebhooksFixture>
{
    public const string Name = "webhooks";
}
