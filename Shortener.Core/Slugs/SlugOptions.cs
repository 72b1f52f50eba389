namespace Shortener.Core.Slugs;

/// <summary>How generated slugs look; bound from <c>Shortener:Slugs</c>.</summary>
public sealed class SlugOptions
{
    public const string SectionName = "Shortener:Slugs";

    /// <summary>The secret that shuffles the alphabet. Changing it changes every generated slug.</summary>
    public string Salt { get; set; } = "";

    public int MinLength { get; set; } = 7;

    /// <summary>The characters slugs are made of; the Sqids default alphabet when unset.</summary>
    public string? Alphabet { get; set; }
}
