using System.Buffers.Text;
using Shortener.Core.Links.Routing;
using StackExchange.Redis;

namespace Shortener.Core.Clicks;

/// <summary>A click as stream fields: short names, invariant formats, and a strict reader so a bad entry is recognisable.</summary>
public static class ClickEventCodec
{
    private const string Id = "id", Link = "link", Time = "ts", Ip = "ip", Agent = "ua", Referrer = "ref", Trace = "tp";
    private const string Rule = "rule", Variant = "var", Source = "us", Medium = "um", Campaign = "uc";

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
        if (click.Choice is { } choice)
        {
            if (choice.Rule is { } rule) entries.Add(new(Rule, rule));
            if (choice.Variant is { } variant) entries.Add(new(Variant, variant));
            if (choice.UtmSource is not null) entries.Add(new(Source, choice.UtmSource));
            if (choice.UtmMedium is not null) entries.Add(new(Medium, choice.UtmMedium));
            if (choice.UtmCampaign is not null) entries.Add(new(Campaign, choice.UtmCampaign));
        }
        return [.. entries];
    }

    /// <exception cref="FormatException">The entry is not a click this codec wrote.</exception>
    public static ClickEvent FromEntries(NameValueEntry[] entries)
    {
        // One pass over the fields, names compared as bytes (see StreamFields); the first of a repeated name counts.
        RedisValue id = RedisValue.Null, link = RedisValue.Null, time = RedisValue.Null;
        RedisValue ip = RedisValue.Null, agent = RedisValue.Null, referrer = RedisValue.Null, trace = RedisValue.Null;
        RedisValue rule = RedisValue.Null, variant = RedisValue.Null, source = RedisValue.Null, medium = RedisValue.Null, campaign = RedisValue.Null;
        foreach (var e in entries)
        {
            var name = ((ReadOnlyMemory<byte>)e.Name).Span;
            if (name.SequenceEqual("id"u8)) Take(ref id, e.Value);
            else if (name.SequenceEqual("link"u8)) Take(ref link, e.Value);
            else if (name.SequenceEqual("ts"u8)) Take(ref time, e.Value);
            else if (name.SequenceEqual("ip"u8)) Take(ref ip, e.Value);
            else if (name.SequenceEqual("ua"u8)) Take(ref agent, e.Value);
            else if (name.SequenceEqual("ref"u8)) Take(ref referrer, e.Value);
            else if (name.SequenceEqual("tp"u8)) Take(ref trace, e.Value);
            else if (name.SequenceEqual("rule"u8)) Take(ref rule, e.Value);
            else if (name.SequenceEqual("var"u8)) Take(ref variant, e.Value);
            else if (name.SequenceEqual("us"u8)) Take(ref source, e.Value);
            else if (name.SequenceEqual("um"u8)) Take(ref medium, e.Value);
            else if (name.SequenceEqual("uc"u8)) Take(ref campaign, e.Value);
        }

        if (!TryParseGuid(id, out var eventId)) throw new FormatException($"Click entry has no valid event id ('{id}').");
        if (!TryParseDigits(link, out var linkId) || linkId <= 0)
            throw new FormatException($"Click entry {id} has no valid link id ('{link}').");
        // Beyond year 9999 DateTimeOffset throws; that is a bad entry like any other (found by fuzz/).
        if (!TryParseDigits(time, out var ms) || ms > MaxUnixMilliseconds)
            throw new FormatException($"Click entry {id} has no valid timestamp ('{time}').");
        var choice = rule.IsNull && variant.IsNull && source.IsNull && medium.IsNull && campaign.IsNull ? null
            : new ClickChoice(ReadIndex(rule, "rule", id), ReadIndex(variant, "variant", id), (string?)source, (string?)medium, (string?)campaign);
        return new ClickEvent(eventId, linkId, DateTimeOffset.FromUnixTimeMilliseconds(ms), (string?)ip, (string?)agent,
            (string?)referrer, (string?)trace, choice);
    }

    /// <summary>A rule or variant index: null when absent, else digits below <see cref="ClickChoice.MaxIndex"/>.</summary>
    private static int? ReadIndex(RedisValue value, string what, RedisValue id)
    {
        if (value.IsNull) return null;
        if (!TryParseDigits(value, out var index) || index > ClickChoice.MaxIndex)
            throw new FormatException($"Click entry {id} has no valid {what} index ('{value}').");
        return (int)index;
    }

    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    private static void Take(ref RedisValue field, RedisValue value)
    {
        if (field.IsNull) field = value;
    }

    /// <summary>32 hex digits ("N"), read from the bytes without making a string of them.</summary>
    private static bool TryParseGuid(RedisValue value, out Guid result)
    {
        result = default;
        if (value.IsNull) return false;
        var text = ((ReadOnlyMemory<byte>)value).Span;
        return text.Length == 32 && Utf8Parser.TryParse(text, out result, out var consumed, 'N') && consumed == 32;
    }

    /// <summary>Digits only, as NumberStyles.None reads them: no sign, no spaces, no overflow.</summary>
    private static bool TryParseDigits(RedisValue value, out long result)
    {
        result = 0;
        if (value.IsNull) return false;
        var digits = ((ReadOnlyMemory<byte>)value).Span;
        if (digits.IsEmpty) return false;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9' || result > (long.MaxValue - (d - '0')) / 10) return false;
            result = result * 10 + (d - '0');
        }
        return true;
    }
}
