using Shortener.Api.Clicks;
using Shortener.Core.Clicks;

namespace Shortener.Api.Workers;

public sealed record WorkerHealth(string Status, IReadOnlyList<WorkerHeartbeat> Workers);

public sealed record ConsumerStatus(string Name, long Pending, long IdleMs);

public sealed record PipelineStatus(long StreamLength, long Pending, long? Lag, IReadOnlyList<ConsumerStatus> Consumers,
    long DeadLetterLength, DateTimeOffset? LastBatchAt, int LastBatchSize, double ThroughputPerSecond, long BufferedInApi, long DroppedInApi,
    int HeldForReplayInApi, int LiveConnectionsInApi, long LiveGapsInApi, RedisDataLossSummary? RedisDataLoss, IReadOnlyList<WorkerHeartbeat> Workers);

public sealed record PingResult(string PingId, string AnsweredBy, double RoundTripMs);

public sealed record DeadLetter(string Id, string? Error, string? SourceId, DateTimeOffset? FailedAt, IReadOnlyDictionary<string, string?> Fields);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Entries, string? Next, long Total);

public sealed record ReplayRequest(IReadOnlyList<string>? Ids);

public sealed record ReplayResult(int Replayed);
