using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Shortener.Core.Live;

namespace Shortener.Api.Live;

/// <summary>The data of one click event, as the client reads it.</summary>
public sealed record LiveClickEvent(Guid EventId, string Slug, DateTimeOffset OccurredAt, string? Country, string? ReferrerHost, string? Browser,
    string? Os, string? DeviceType, bool IsBot);

/// <summary>The data of a gap event: why events were skipped and, when known, how many.</summary>
public sealed record LiveGapEvent(string Reason, long? Dropped);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LiveClickEvent))]
[JsonSerializable(typeof(LiveGapEvent))]
internal sealed partial class LiveJsonContext : JsonSerializerContext;

/// <summary>
/// One Server-Sent Event as bytes on the wire. A click's frame is made once and shared by every connection that gets it;
/// the gap marker and the keep-alive comment are singletons a connection's queue may hold.
/// </summary>
public sealed class LiveFrame
{
    public static readonly LiveFrame KeepAlive = new(default, ": keep-alive\n\n"u8.ToArray());

    /// <summary>Stands for the events a connection dropped; written as event: gap with how many.</summary>
    public static readonly LiveFrame Gap = new(default, []);

    private LiveFrame(LivePosition position, byte[] bytes) => (Position, Bytes) = (position, bytes);

    public LivePosition Position { get; }
    public byte[] Bytes { get; }
    public bool IsClick => Bytes.Length > 0 && !ReferenceEquals(this, KeepAlive);

    /// <summary>The retry hint and a first comment, so a client knows at once that it is subscribed.</summary>
    public static readonly byte[] Preamble = "retry: 2000\n: connected\n\n"u8.ToArray();

    public static LiveFrame Click(LivePosition position, LiveClick click, string slug)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(new LiveClickEvent(click.EventId, slug, click.OccurredAt, click.Country, click.ReferrerHost,
            click.Browser, click.Os, click.DeviceType, click.IsBot), LiveJsonContext.Default.LiveClickEvent);
        return new LiveFrame(position, Compose($"id: {position}\nevent: click\ndata: ", data));
    }

    public static byte[] GapBytes(string reason, long? dropped) =>
        Compose("event: gap\ndata: ", JsonSerializer.SerializeToUtf8Bytes(new LiveGapEvent(reason, dropped), LiveJsonContext.Default.LiveGapEvent));

    // JSON has no raw newline in it (they are escaped), so the data is one line, as SSE requires.
    private static byte[] Compose(string head, byte[] data)
    {
        var headLength = Encoding.ASCII.GetByteCount(head);
        var bytes = new byte[headLength + data.Length + 2];
        Encoding.ASCII.GetBytes(head, bytes);
        data.CopyTo(bytes, headLength);
        bytes[^2] = (byte)'\n';
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}
