using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Shortener.Tests.Live;

/// <summary>One Server-Sent Event as a client reads it.</summary>
public sealed record SseEvent(string? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    public string Slug => Json.GetProperty("slug").GetString()!;
    public Guid EventId => Json.GetProperty("event_id").GetGuid();
    public string? ReferrerHost => Json.GetProperty("referrer_host").GetString();
}

/// <summary>
/// A live-clicks connection as a browser's EventSource or curl -N holds it: opened, read line by line into events. It
/// returns once the server's first comment has arrived, so the subscription is in place when a test starts clicking.
/// A stalled stream reads nothing more until told to, with a small receive buffer so it falls behind soon.
/// </summary>
public sealed class LiveStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly Channel<SseEvent> _events = Channel.CreateUnbounded<SseEvent>();
    private readonly CancellationTokenSource _stop = new();
    private Task? _pump;

    private LiveStream(HttpClient http, HttpResponseMessage response, StreamReader reader) => (_http, _response, _reader) = (http, response, reader);

    private int _keepAlives;

    /// <summary>": keep-alive" comments received so far.</summary>
    public int KeepAlives => Volatile.Read(ref _keepAlives);

    public static async Task<LiveStream> OpenAsync(Uri api, string path, string key, string? lastEventId = null, bool stalled = false)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (stalled)
            handler.ConnectCallback = async (context, ct) =>
            {
                // Set before connecting, so the window the server sees stays small: a client that stops reading stops soon.
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            };
        var http = new HttpClient(handler) { BaseAddress = api, Timeout = Timeout.InfiniteTimeSpan };
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var opening = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(opening.Token), bufferSize: 256);
        var stream = new LiveStream(http, response, reader);
        while (await reader.ReadLineAsync(opening.Token) is { } line && line != ": connected") { }
        if (!stalled) stream.ResumeReading();
        return stream;
    }

    /// <summary>Starts (or, for a stalled stream, resumes) reading events.</summary>
    public void ResumeReading() => _pump ??= Task.Run(PumpAsync);

    private async Task PumpAsync()
    {
        string? id = null, type = null;
        var data = new List<string>();
        try
        {
            while (await _reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0) _events.Writer.TryWrite(new SseEvent(id, type ?? "message", string.Join('\n', data)));
                    (id, type) = (null, null);
                    data.Clear();
                }
                else if (line == ": keep-alive") Interlocked.Increment(ref _keepAlives);
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        _events.Writer.TryComplete();
    }

    /// <summary>The next event, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            return await _events.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No event within {timeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>The next <paramref name="count"/> events, each within <paramref name="timeout"/> of the one before.</summary>
    public async Task<List<SseEvent>> TakeAsync(int count, TimeSpan timeout)
    {
        var events = new List<SseEvent>(count);
        while (events.Count < count) events.Add(await NextAsync(timeout));
        return events;
    }

    /// <summary>Events until <paramref name="done"/> says enough, each within <paramref name="timeout"/> of the one before.</summary>
    public async Task<List<SseEvent>> TakeUntilAsync(Func<List<SseEvent>, bool> done, TimeSpan timeout)
    {
        var events = new List<SseEvent>();
        while (!done(events)) events.Add(await NextAsync(timeout));
        return events;
    }

    /// <summary>Whatever has arrived and not been taken, without waiting.</summary>
    public List<SseEvent> Drain()
    {
        var events = new List<SseEvent>();
        while (_events.Reader.TryRead(out var e)) events.Add(e);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        if (_pump is not null) await _pump;
        _reader.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }
}
