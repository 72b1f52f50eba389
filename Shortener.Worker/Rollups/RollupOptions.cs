using Cronos;

namespace Shortener.Worker.Rollups;

public sealed class RollupOptions
{
    public const string SectionName = "Worker:Rollups";

    /// <summary>Cron, in UTC: five fields (minute resolution) or six with seconds first. The default is every 30 s.</summary>
    public string Schedule { get; set; } = "*/30 * * * * *";

    public bool Enabled { get; set; } = true;

    /// <summary>The parsed schedule, or null when it does not parse (validation reports it at start).</summary>
    public CronExpression? TryParse()
    {
        var fields = Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(Schedule, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }
}
