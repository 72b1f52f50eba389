using System.Text.Json;
using Sqids;

namespace Shortener.Tests.Sqids;

public class SqidsConformanceTests
{
    private static readonly string[] CheckedSections =
        ["default", "alphabet", "minLength", "blocklist", "decode", "constructorErrors", "encodeErrors"];

    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var (section, entry) in SqidsVectors.Entries()) data.Add(section, entry);
        return data;
    }

    [Fact]
    public void EverySectionOfTheVectorFileIsOneThisTestKnowsHowToCheck()
    {
        var sections = SqidsVectors.Entries().Select(e => e.Section).Distinct();
        Assert.Equal(CheckedSections.Order(), sections.Order());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void EncoderBehavesLikeTheNuGetPackage(string section, string vector)
    {
        using var document = JsonDocument.Parse(vector);
        var entry = document.RootElement;
        switch (section)
        {
            case "constructorErrors":
                Assert.Throws<ArgumentOutOfRangeException>(() => new SqidsEncoder<ulong>(SqidsVectors.OptionsOf(entry)));
                break;

            case "encodeErrors":
                var signed = new SqidsEncoder<long>(SqidsVectors.OptionsOf(entry));
                Assert.Throws<ArgumentOutOfRangeException>(() => signed.Encode(SqidsVectors.NumbersOf<long>(entry)));
                break;

            case "decode":
                var decoder = new SqidsEncoder<ulong>(SqidsVectors.OptionsOf(entry));
                Assert.Equal(SqidsVectors.NumbersOf<ulong>(entry), decoder.Decode(entry.GetProperty("id").GetString()));
                break;

            default:
                var sqids = new SqidsEncoder<ulong>(SqidsVectors.OptionsOf(entry));
                var numbers = SqidsVectors.NumbersOf<ulong>(entry);
                if (entry.TryGetProperty("error", out var error))
                {
                    var thrown = Assert.Throws<ArgumentException>(() => sqids.Encode(numbers));
                    Assert.StartsWith(error.GetString()!, thrown.Message);
                    break;
                }
                var id = entry.GetProperty("id").GetString()!;
                Assert.Equal(id, sqids.Encode(numbers));
                Assert.Equal(numbers, sqids.Decode(id));
                break;
        }
    }
}
