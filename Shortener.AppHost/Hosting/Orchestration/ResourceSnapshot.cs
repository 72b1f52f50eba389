using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shortener.Hosting;

/// <summary>Aspire's well-known resource states.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = nameof(NotStarted);
    public const string Waiting = nameof(Waiting);
    public const string Starting = nameof(Starting);
    public const string Running = nameof(Running);
    public const string Stopping = nameof(Stopping);
    public const string Exited = nameof(Exited);
    public const string Finished = nameof(Finished);
    public const string FailedToStart = nameof(FailedToStart);
}

/// <param name="HealthStatus">Reported only while Running; null before the first check.</param>
public sealed record ResourceSnapshot(string State, HealthStatus? HealthStatus = null, int? ExitCode = null, int? ProcessId = null,
    string? Url = null, int Restarts = 0);

public sealed record ResourceEvent(string ResourceName, ResourceSnapshot Snapshot);
