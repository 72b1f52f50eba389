using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shortener.Tests.Infrastructure;

/// <summary>
/// A minimal OTLP/HTTP receiver for tests: services pointed at it (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) export
/// their spans here, and it keeps the fields the tests look at. Metrics and logs are accepted and dropped.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Span> _spans = new();

    /// <summary>One exported span: ids as W3C hex, parent empty for a root span, links as (trace id, span id).</summary>
    public sealed record Span(string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyList<(string TraceId, string SpanId)> Links);

    private OtlpCollector(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.First();

    public IReadOnlyCollection<Span> Spans => _spans;

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in ReadSpans(body.ToArray())) collector._spans.Enqueue(span);
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        return collector;
    }

    /// <summary>ExportTraceServiceRequest → resource_spans(1) → scope_spans(2) → spans(2), read with the protobuf wire format.</summary>
    private static IEnumerable<Span> ReadSpans(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        foreach (var scopeSpans in Fields(resourceSpans, 2))
        foreach (var span in Fields(scopeSpans, 2))
        {
            string Hex(int field, byte[] message) => Convert.ToHexStringLower(Fields(message, field).FirstOrDefault() ?? []);
            var links = Fields(span, 13).Select(link => (Hex(1, link), Hex(2, link))).ToList();
            yield return new Span(Hex(1, span), Hex(2, span), Hex(4, span),
                System.Text.Encoding.UTF8.GetString(Fields(span, 5).FirstOrDefault() ?? []), links);
        }
    }

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of one message; other fields are skipped.</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var (field, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0: Varint(message, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    if (field == number) found.Add(message[at..(at + length)]);
                    at += length;
                    break;
                default: throw new InvalidDataException($"Unexpected protobuf wire type {wireType}.");
            }
        }
        return found;
    }

    private static ulong Varint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
