using Sqids;

namespace Shortener.Core.Slugs;

/// <summary>Turns link ids into slugs and back: Sqids of <c>[id]</c> over a salt-shuffled alphabet.</summary>
public sealed class SlugCodec
{
    private readonly SqidsEncoder<long> _sqids;

    public SlugCodec(SlugOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Salt);

        var alphabet = options.Alphabet ?? new SqidsOptions().Alphabet;
        _sqids = new SqidsEncoder<long>(new SqidsOptions
        {
            Alphabet = SaltedShuffle.Apply(alphabet, options.Salt),
            MinLength = options.MinLength,
        });
    }

    /// <exception cref="ArgumentOutOfRangeException">The id is negative.</exception>
    public string Encode(long id) => _sqids.Encode(id);

    /// <summary>
    /// Decodes a slug made by <see cref="Encode"/>. Sqids decodes many strings that it would never
    /// produce (other padding, several numbers); only the canonical slug of an id is accepted, so
    /// each link has exactly one generated slug.
    /// </summary>
    public bool TryDecode(string? slug, out long id)
    {
        id = 0;
        if (string.IsNullOrEmpty(slug)) return false;

        var numbers = _sqids.Decode(slug);
        // A number too big for long wraps around and may come out negative.
        if (numbers is not [var decoded] || decoded < 0 || _sqids.Encode(decoded) != slug) return false;

        id = decoded;
        return true;
    }
}
