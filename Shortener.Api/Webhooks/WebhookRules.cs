using Shortener.Api.Links;
using Shortener.Core.Links;
using Shortener.Core.Net;
using Shortener.Core.Webhooks;

namespace Shortener.Api.Webhooks;

/// <summary>What an endpoint may hold; each check returns every failed field, as a validation problem lists them.</summary>
public static class WebhookRules
{
    public const int MaxSlugs = 100;

    public static async Task<Dictionary<string, string[]>> ValidateCreateAsync(CreateWebhookRequest? request, TargetGuard guard,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON body is required, for example {\"url\": \"https://example.com/hook\", \"events\": [\"link.created\"]}."];
            return errors;
        }
        LinkRules.Check(errors, "url", await ValidateUrlAsync(request.Url, guard, ct));
        LinkRules.Check(errors, "events", ValidateEvents(request.Events));
        if (request.Slugs is not null) LinkRules.Check(errors, "slugs", ValidateSlugs(request.Slugs));
        return errors;
    }

    public static async Task<Dictionary<string, string[]>> ValidateUpdateAsync(UpdateWebhookRequest? request, TargetGuard guard,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null || !(request.HasUrl || request.HasEvents || request.HasSlugs || request.HasEnabled))
        {
            errors["body"] = ["Name at least one of url, events, slugs, enabled."];
            return errors;
        }
        if (request.HasUrl) LinkRules.Check(errors, "url", await ValidateUrlAsync(request.Url, guard, ct));
        if (request.HasEvents) LinkRules.Check(errors, "events", ValidateEvents(request.Events));
        if (request.HasSlugs && request.Slugs is not null) LinkRules.Check(errors, "slugs", ValidateSlugs(request.Slugs));
        if (request.HasEnabled && request.Enabled is null) errors["enabled"] = ["enabled is true or false."];
        return errors;
    }

    /// <summary>http(s), the rules of a link's target, and the SSRF guard's check of where the host resolves now.</summary>
    private static async Task<string?> ValidateUrlAsync(string? url, TargetGuard guard, CancellationToken ct)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var parsed) && TargetGuard.SchemeRefusal(parsed) is { } scheme) return scheme;
        if (TargetUrl.Validate(url) is { } invalid) return invalid;
        return await guard.CheckAsync(new Uri(url!), ct);
    }

    private static string? ValidateEvents(string[]? events)
    {
        var known = string.Join(", ", WebhookEvents.Subscribable);
        if (events is not { Length: > 0 }) return $"Name at least one event: {known}.";
        return events.FirstOrDefault(e => !WebhookEvents.Subscribable.Contains(e)) is { } unknown
            ? $"'{Truncate(unknown)}' is not an event; the events are {known}."
            : null;
    }

    private static string? ValidateSlugs(string[] slugs)
    {
        if (slugs.Length is 0 or > MaxSlugs) return $"slugs lists 1 to {MaxSlugs} links (or leave it out for all of them).";
        return slugs.Select(s => s is null ? "A slug cannot be null." : LinkRules.ValidateSlug(s)).FirstOrDefault(e => e is not null);
    }

    /// <summary>The same names once each, in the order given.</summary>
    public static string[] Distinct(string[] values) => values.Distinct(StringComparer.Ordinal).ToArray();

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
