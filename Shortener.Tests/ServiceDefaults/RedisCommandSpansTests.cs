using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Shortener.ServiceDefaults.Redis;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Shortener.Tests.ServiceDefaults;

public sealed class RedisCommandSpansTests : IDisposable
{
    private const string TestSourceName = "Shortener.Tests.RedisSpans";
    private static readonly ActivitySource TestSource = new(TestSourceName);
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public RedisCommandSpansTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RedisCommandSpans.ActivitySourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void ProfiledCommandBecomesAClientSpanUnderItsParentWithItsOwnTiming()
    {
        var created = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var command = new FakeCommand("SET", created, new IPEndPoint(IPAddress.Loopback, 6380), db: 2);
        using var parent = TestSource.StartActivity("request")!;
        parent.Stop();

        RedisCommandSpans.Emit(parent, [command]);

        var span = Assert.Single(_stopped, a => a.TraceId == parent.TraceId && a.Source.Name == RedisCommandSpans.ActivitySourceName);
        Assert.Equal("SET", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        Assert.Equal(created, span.StartTimeUtc);
        Assert.Equal(command.ElapsedTime, span.Duration);
        Assert.Equal("redis", span.GetTagItem("db.system"));
        Assert.Equal("SET", span.GetTagItem("db.statement"));
        Assert.Equal("127.0.0.1", span.GetTagItem("net.peer.ip"));
        Assert.Equal(6380, span.GetTagItem("net.peer.port"));
        Assert.Equal(2, span.GetTagItem("db.redis.database_index"));
        Assert.Equal("None", span.GetTagItem("db.redis.flags"));
        Assert.Equal(["Enqueued", "Sent", "ResponseReceived"], span.Events.Select(e => e.Name));
    }

    [Fact]
    public void CommandWithoutParentStaysARootSpanWhateverIsCurrent()
    {
        var name = $"PING-{Guid.NewGuid():N}";
        var command = new FakeCommand(name, DateTime.UtcNow, new DnsEndPoint("cache", 6379), db: 0);
        using var unrelated = TestSource.StartActivity("unrelated")!;

        RedisCommandSpans.Emit(null, [command]);

        var span = Assert.Single(_stopped, a => a.DisplayName == name);
        Assert.Equal(default, span.ParentSpanId);
        Assert.NotEqual(unrelated.TraceId, span.TraceId);
        Assert.Equal("cache", span.GetTagItem("net.peer.name"));
        Assert.Same(unrelated, Activity.Current);
    }

    public void Dispose() => _listener.Dispose();

    private sealed class FakeCommand(string command, DateTime created, EndPoint endPoint, int db) : IProfiledCommand
    {
        public EndPoint EndPoint => endPoint;
        public int Db => db;
        public string Command => command;
        public CommandFlags Flags => CommandFlags.None;
        public DateTime CommandCreated => created;
        public TimeSpan CreationToEnqueued => TimeSpan.FromMilliseconds(1);
        public TimeSpan EnqueuedToSending => TimeSpan.FromMilliseconds(2);
        public TimeSpan SentToResponse => TimeSpan.FromMilliseconds(3);
        public TimeSpan ResponseToCompletion => TimeSpan.FromMilliseconds(4);
        public TimeSpan ElapsedTime => TimeSpan.FromMilliseconds(10);
        public IProfiledCommand? RetransmissionOf => null;
        public RetransmissionReasonType? RetransmissionReason => null;
    }
}
