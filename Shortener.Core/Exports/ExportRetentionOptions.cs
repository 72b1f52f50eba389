using System.ComponentModel.DataAnnotations;

namespace Shortener.Core.Exports;

/// <summary>How long a finished export is kept; read by the api (410 after it) and the worker (which deletes the file).</summary>
public sealed class ExportRetentionOptions
{
    public const string SectionName = "Exports";

    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
