using System.ComponentModel.DataAnnotations;

namespace Shortener.Worker.Imports;

public sealed class ImportOptions
{
    public const string SectionName = "Worker:Imports";

    /// <summary>How often an idle worker looks for a pending import.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A running import whose worker has committed no batch within this time is presumed dead and taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Rows per transaction: each batch is one INSERT of its links and commits with the job's progress.</summary>
    [Range(1, 10_000)]
    public int BatchRows { get; set; } = 1000;
}
