using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Shortener.ServiceDefaults.Npgsql;

internal static class NpgsqlMetrics
{
    private const string MeterName = "Npgsql";

    // The SDK's default histogram buckets are in milliseconds (0..10000); Npgsql reports seconds,
    // which would put every command in the first bucket.
    private static readonly double[] SecondsBuckets = [0, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static void Add(MeterProviderBuilder metrics) => metrics
        .AddMeter(MeterName)
        // Matched by meter and unit rather than by name: Npgsql 10 no longer emits the names
        // Aspire's views target (db.client.commands.duration, db.client.connections.create_time).
        .AddView(instrument => IsSecondsHistogram(instrument)
            ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
            : null);

    private static bool IsSecondsHistogram(Instrument instrument) =>
        instrument.Meter.Name == MeterName
        && instrument.Unit == "s"
        && instrument.GetType().IsGenericType
        && instrument.GetType().GetGenericTypeDefinition() == typeof(Histogram<>);
}
