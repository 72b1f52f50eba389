namespace Sqids;

/// <summary>
/// Options for <see cref="SqidsEncoder{T}"/>, shaped like the Sqids NuGet package's so the package
/// can replace this folder. Properties left unset keep the package's defaults.
/// </summary>
public sealed class SqidsOptions
{
    /// <summary>The characters IDs are made of: at least 3, distinct, single-byte (ASCII).</summary>
    public string Alphabet { get; set; } = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>The shortest ID to produce, 0 to 255; shorter IDs are padded.</summary>
    public int MinLength { get; set; }

    /// <summary>Words that must not appear in IDs; by default the sqids npm package's list.</summary>
    public HashSet<string> BlockList { get; set; } = [.. DefaultBlockList.Words];
}
