using Shortener.Api.Clicks;
using Shortener.Core.Clicks;

namespace Shortener.Api.Workers;

/// <summary>Workers (host names, process ids, counters) only for an admin; anyone else gets the status.</summary>
public sealed record WorkerHealth(string Status,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<WorkerHeartbeat>? Workers);

public sealed record ConsumerStatus(string Name, long Pending, long IdleMs);

public sealed record PipelineStatus(long StreamLength, long Pending, long? Lag, IReadOnlyList<ConsumerStatus> Consumers,
    long DeadLetterLength, DateTimeOffset? LastBatchAt, int LastBatchSize, double ThroughputPerSecond, long BufferedInApi, long DroppedInApi,
    int HeldForReplayInApi, int LiveConnectionsInApi, long LiveGapsInApi, RedisDataLossSummary? RedisDataLoss, IReadOnlyList<WorkerHeartbeat> Workers,
    StreamStatus Events);

/// <summary>A pipeline other than clicks (site events): its stream and group in Redis, and what this api holds of it.</summary>
public sealed record StreamStatus(long StreamLength, long Pending, long? Lag, IReadOnlyList<ConsumerStatus> Consumers, long DeadLetterLength,
    long BufferedInApi, long DroppedInApi, int HeldForReplayInApi);

public sealed record PingResult(string PingId, string AnsweredBy, double RoundTripMs);

public sealed record DeadLetter(string Id, string? Error, string? SourceId, DateTimeOffset? FailedAt, IReadOnlyDictionary<string, string?> Fields);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Entries, string? Next, long Total);

public sealed record ReplayRequest(IReadOnlyList<string>? Ids);

public sealed record ReplayResult(int Replayed);
