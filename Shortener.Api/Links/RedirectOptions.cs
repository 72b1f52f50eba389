using System.ComponentModel.DataAnnotations;

namespace Shortener.Api.Links;

public sealed class RedirectOptions
{
    public const string SectionName = "Shortener:Redirect";

    /// <summary>301, 302, 307 or 308; 302 by default so browsers keep asking us and every click is seen.</summary>
    [AllowedValues(301, 302, 307, 308)]
    public int StatusCode { get; set; } = 302;

    /// <summary>Public base of short links (for example https://sho.rt); this api's own listening address when unset (see <see cref="ShortUrls"/>).</summary>
    [Url]
    public string? BaseUrl { get; set; }
}
