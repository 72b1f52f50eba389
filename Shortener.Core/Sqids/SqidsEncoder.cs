using System.Buffers;
using System.Numerics;
using System.Text;

namespace Sqids;

/// <summary>
/// Encodes non-negative integers into short IDs and back, producing exactly what the Sqids NuGet
/// package (sqids-dotnet 3.x) produces for the same options.
/// </summary>
/// <typeparam name="T">The integer type to encode, e.g. <see cref="int"/>, <see cref="long"/> or <see cref="ulong"/>.</typeparam>
public sealed class SqidsEncoder<T> where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
{
    private const int MinAlphabetLength = 3;
    private const int MaxMinLength = 255;

    // Distinct ASCII, so at most 128 characters: working copies fit on the stack.
    private readonly char[] _alphabet;
    private readonly SearchValues<char> _alphabetChars;
    private readonly int _minLength;
    private readonly BlockList _blockList;

    /// <summary>Creates an encoder with the default options.</summary>
    public SqidsEncoder() : this(new SqidsOptions()) { }

    /// <summary>Creates an encoder with the given options.</summary>
    /// <exception cref="ArgumentNullException">The options, the alphabet or the blocklist is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The alphabet or the minimum length is invalid.</exception>
    public SqidsEncoder(SqidsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var alphabet = options.Alphabet ?? throw new ArgumentNullException(nameof(options.Alphabet));
        var blockList = options.BlockList ?? throw new ArgumentNullException(nameof(options.BlockList));

        // Checked in the package's order, so an alphabet with several faults reports the same one.
        if (new HashSet<char>(alphabet).Count != alphabet.Length)
            throw new ArgumentOutOfRangeException(nameof(options.Alphabet), "The alphabet has a repeated character.");
        if (!Ascii.IsValid(alphabet))
            throw new ArgumentOutOfRangeException(nameof(options.Alphabet), "The alphabet has a character that takes more than one byte.");
        if (alphabet.Length < MinAlphabetLength)
            throw new ArgumentOutOfRangeException(nameof(options.Alphabet), $"The alphabet needs at least {MinAlphabetLength} characters.");
        if (options.MinLength is < 0 or > MaxMinLength)
            throw new ArgumentOutOfRangeException(nameof(options.MinLength), $"The minimum length has to be from 0 to {MaxMinLength}.");

        _minLength = options.MinLength;
        _blockList = new BlockList(blockList, alphabet);
        _alphabet = alphabet.ToCharArray();
        Alphabet.Shuffle(_alphabet);
        _alphabetChars = SearchValues.Create(_alphabet);
    }

    /// <summary>Encodes one number.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is negative.</exception>
    /// <exception cref="ArgumentException">Every variant of the ID contains a blocked word.</exception>
    public string Encode(T number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, T.Zero);
        return EncodeAvoidingBlockedWords([number]);
    }

    /// <summary>Encodes several numbers into one ID; no numbers give an empty string.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number is negative.</exception>
    /// <exception cref="ArgumentException">Every variant of the ID contains a blocked word.</exception>
    public string Encode(params T[] numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Length == 0) return string.Empty;
        foreach (var number in numbers)
            ArgumentOutOfRangeException.ThrowIfLessThan(number, T.Zero, nameof(numbers));
        return EncodeAvoidingBlockedWords(numbers);
    }

    /// <inheritdoc cref="Encode(T[])"/>
    public string Encode(IEnumerable<T> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        return Encode(numbers.ToArray());
    }

    /// <summary>
    /// Decodes an ID into its numbers; empty when the ID is empty or has a character outside the
    /// alphabet. Not every ID that decodes is canonical: re-encode to check.
    /// </summary>
    public IReadOnlyList<T> Decode(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty || id.ContainsAnyExcept(_alphabetChars)) return [];

        Span<char> alphabet = stackalloc char[_alphabet.Length];
        Arrange(alphabet, _alphabet.AsSpan().IndexOf(id[0]));

        var numbers = new List<T>();
        var rest = id[1..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(alphabet[0]);
            var digits = end < 0 ? rest : rest[..end];
            // Two separators in a row start the padding added for the minimum length.
            if (digits.IsEmpty) break;

            numbers.Add(ToNumber(digits, alphabet[1..]));
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (!rest.IsEmpty) Alphabet.Shuffle(alphabet);
        }
        return numbers;
    }

    private string EncodeAvoidingBlockedWords(ReadOnlySpan<T> numbers)
    {
        // Each attempt shifts the starting offset by one; the package gives up after alphabet length + 1 tries.
        for (var attempt = 0; attempt <= _alphabet.Length; attempt++)
        {
            var id = Generate(numbers, attempt);
            if (!_blockList.Blocks(id)) return id;
        }
        throw new ArgumentException("Reached max attempts to re-generate the ID.");
    }

    private string Generate(ReadOnlySpan<T> numbers, int attempt)
    {
        var size = _alphabet.Length;
        var radix = T.CreateChecked(size);
        var offset = numbers.Length;
        for (var i = 0; i < numbers.Length; i++)
            offset += _alphabet[int.CreateChecked(numbers[i] % radix)] + i;

        offset = (offset % size + attempt) % size;

        Span<char> alphabet = stackalloc char[size];
        Arrange(alphabet, offset);

        var id = new StringBuilder(Math.Max(_minLength, 16));
        id.Append(_alphabet[offset]);
        for (var i = 0; i < numbers.Length; i++)
        {
            AppendDigits(id, numbers[i], alphabet[1..]);
            if (i == numbers.Length - 1) break;
            id.Append(alphabet[0]);
            Alphabet.Shuffle(alphabet);
        }

        if (id.Length < _minLength)
        {
            id.Append(alphabet[0]);
            while (id.Length < _minLength)
            {
                Alphabet.Shuffle(alphabet);
                id.Append(alphabet[..Math.Min(_minLength - id.Length, size)]);
            }
        }
        return id.ToString();
    }

    // The working alphabet is the shuffled one rotated to start at the prefix, then reversed: without
    // the reversal a first number of 0 would be written with the prefix character itself.
    private void Arrange(Span<char> alphabet, int offset)
    {
        _alphabet.AsSpan(offset).CopyTo(alphabet);
        _alphabet.AsSpan(0, offset).CopyTo(alphabet[(_alphabet.Length - offset)..]);
        alphabet.Reverse();
    }

    private static void AppendDigits(StringBuilder id, T number, ReadOnlySpan<char> digits)
    {
        var radix = T.CreateChecked(digits.Length);
        Span<char> buffer = stackalloc char[number.GetByteCount() * 8];
        var start = buffer.Length;
        do
        {
            (number, var digit) = T.DivRem(number, radix);
            buffer[--start] = digits[int.CreateChecked(digit)];
        } while (number > T.Zero);
        id.Append(buffer[start..]);
    }

    // Overflow wraps, as in the package: an ID for a number too big for T decodes to a wrong value.
    private static T ToNumber(ReadOnlySpan<char> id, ReadOnlySpan<char> digits)
    {
        var radix = T.CreateChecked(digits.Length);
        var number = T.Zero;
        foreach (var c in id)
            number = unchecked(number * radix + T.CreateChecked(digits.IndexOf(c)));
        return number;
    }
}
