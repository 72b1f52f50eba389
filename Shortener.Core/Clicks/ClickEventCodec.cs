using System.Globalization;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>A click as stream fields: short names, invariant formats, and a strict reader so a bad entry is recognisable.</summary>
public static class ClickEventCodec
{
    private const string Id = "id", Link = "link", Time = "ts", Ip = "ip", Agent = "ua", Referrer = "ref", Trace = "tp";

    public static NameValueEntry[] ToEntries(ClickEvent click)
    {
        var entries = new List<NameValueEntry>(7)
        {
            new(Id, click.EventId.ToString("N")),
            new(Link, click.LinkId),
            new(Time, click.OccurredAt.ToUnixTimeMilliseconds()),
        };
        if (click.Ip is not null) entries.Add(new(Ip, click.Ip));
        if (click.UserAgent is not null) entries.Add(new(Agent, click.UserAgent));
        if (click.Referrer is not null) entries.Add(new(Referrer, click.Referrer));
        if (click.TraceParent is not null) entries.Add(new(Trace, click.TraceParent));
        return [.. entries];
    }

    /// <exception cref="FormatException">The entry is not a click this codec wrote.</exception>
    public static ClickEvent FromEntries(NameValueEntry[] entries)
    {
        string? Get(string name)
        {
            foreach (var e in entries) if (e.Name == name) return e.Value;
            return null;
        }

        var id = Get(Id);
        var link = Get(Link);
        var time = Get(Time);
        if (!Guid.TryParseExact(id, "N", out var eventId)) throw new FormatException($"Click entry has no valid event id ('{id}').");
        if (!long.TryParse(link, NumberStyles.None, CultureInfo.InvariantCulture, out var linkId) || linkId <= 0)
            throw new FormatException($"Click entry {id} has no valid link id ('{link}').");
        if (!long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            throw new FormatException($"Click entry {id} has no valid timestamp ('{time}').");
        return new ClickEvent(eventId, linkId, DateTimeOffset.FromUnixTimeMilliseconds(ms), Get(Ip), Get(Agent), Get(Referrer), Get(Trace));
    }
}
