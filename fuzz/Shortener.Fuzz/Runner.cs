namespace Shortener.Fuzz;

/// <summary>Running a target without AFL: over a corpus once, or over random mutations of it.</summary>
public static class Runner
{
    public static int Replay(Action<byte[]> target, string directory)
    {
        var failures = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "README.txt") continue;
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
            }
        }
        Console.WriteLine(failures == 0 ? "no failures" : $"{failures} failures");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Flips, inserts, deletes and splices bytes of corpus files; a failing input is saved next to the corpus.</summary>
    public static int Mutate(Action<byte[]> target, string directory, int count)
    {
        var corpus = Directory.EnumerateFiles(directory).Select(File.ReadAllBytes).ToList();
        if (corpus.Count == 0) corpus.Add([]);
        var random = new Random(17);
        for (var i = 0; i < count; i++)
        {
            var input = Mutation(random, corpus[random.Next(corpus.Count)], corpus[random.Next(corpus.Count)]);
            try
            {
                target(input);
            }
            catch (Exception e)
            {
                var path = Path.Combine(Path.GetTempPath(), $"shortener-fuzz-{Guid.NewGuid():N}");
                File.WriteAllBytes(path, input);
                Console.WriteLine($"mutation {i}: {e.GetType().Name}: {e.Message} (input saved as {path})");
                return 1;
            }
        }
        Console.WriteLine($"{count} mutations, no failures");
        return 0;
    }

    private static readonly byte[][] s_tokens =
    [
        "\u202E"u8.ToArray(), "\u200B"u8.ToArray(), [0xED, 0xA0, 0x80], [0xFF], [0xC3], "%"u8.ToArray(), "://"u8.ToArray(), "xn--"u8.ToArray(),
        "@"u8.ToArray(), "["u8.ToArray(), ":"u8.ToArray(), "\0"u8.ToArray(), "\n"u8.ToArray(), "пример"u8.ToArray(), "。"u8.ToArray(),
        [0xFF, 0xFF, 0xFF, 0x7F], [0, 0, 0, 0x80], [0xFF, 0xFF, 0xFF, 0xFF],
    ];

    private static byte[] Mutation(Random random, byte[] a, byte[] b)
    {
        var bytes = new List<byte>(a);
        for (var n = random.Next(1, 6); n > 0; n--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count + 1);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0: bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                case 2 when at < bytes.Count: bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at)); break;
                case 3: bytes.InsertRange(at, s_tokens[random.Next(s_tokens.Length)]); break;
                case 4 when b.Length > 0: bytes.InsertRange(at, b.Skip(random.Next(b.Length)).Take(random.Next(1, 32))); break;
                default: if (bytes.Count > 0) bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Next(256); break;
            }
        }
        return [.. bytes];
    }
}
