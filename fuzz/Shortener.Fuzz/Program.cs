using SharpFuzz;
using Shortener.Fuzz;

// Usage (see fuzz/README.md):
//   Shortener.Fuzz <target>                    under afl-fuzz: one process, inputs from AFL's fork server
//   Shortener.Fuzz <target> --replay <dir>     every file of a corpus or of AFL's crashes, once
//   Shortener.Fuzz <target> --mutate <dir> <n> n random mutations of the corpus, without AFL (a quick smoke run)
if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"targets: {string.Join(", ", Targets.All.Keys)}");
    return 2;
}
switch (args.Skip(1).FirstOrDefault())
{
    case null:
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    case "--replay":
        return Runner.Replay(target, args[2]);
    case "--mutate":
        return Runner.Mutate(target, args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine("Options: --replay <dir> | --mutate <dir> <count>");
        return 2;
}
