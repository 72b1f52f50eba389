using System.ComponentModel.DataAnnotations;

namespace Shortener.Worker.Exports;

public sealed class ExportOptions
{
    public const string SectionName = "Worker:Exports";

    /// <summary>How often an idle worker looks for a pending export.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A running export whose worker has not finished within this time is presumed dead and taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the files of expired exports are deleted (the retention itself is Exports:Retention).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Size of the pieces the CSV is stored in, so neither process holds a whole file in memory.</summary>
    [Range(4096, 64 * 1024 * 1024)]
    public int ChunkBytes { get; set; } = 1024 * 1024;
}
