using CsCheck;
using Digits.Sdk.Data;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Data;

public sealed class IdxPropertyTests
{
    private static readonly byte[] TypeCodes = [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x0A];

    private static readonly Gen<int[]> Dimensions = Gen.Int[1, 4].Array[1, 4];

    [Fact]
    public void Random_bytes_give_a_valid_array_or_an_idx_format_exception()
    {
        // Mostly noise, but often with a plausible header so the generator reaches the deeper checks.
        var plausible = Gen.Select(Gen.Int[0, TypeCodes.Length - 1].Select(i => TypeCodes[i]), Gen.Byte[0, 4], Gen.Byte.Array[0, 40])
            .Select((type, rank, rest) => IdxFiles.Concat([0, 0, type, rank], rest));
        var bytes = Gen.Int[0, 3].SelectMany(pick => pick == 0 ? Gen.Byte.Array[0, 64] : plausible);
        var maybeCompressed = Gen.Select(bytes, Gen.Bool).Select((b, gzip) => gzip ? IdxFiles.Gzip(b) : b);

        maybeCompressed.Sample(content =>
        {
            try
            {
                var array = IdxReader.Read(new MemoryStream(content), "random");
                return array.ElementCount > 0 && array.Payload.Length == array.ElementCount * Size(array.ElementType);
            }
            catch (IdxFormatException)
            {
                return true;
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Random_bytes_after_a_gzip_magic_give_only_idx_format_exceptions()
    {
        Gen.Byte.Array[0, 64].Select(rest => IdxFiles.Concat([0x1F, 0x8B], rest)).Sample(content =>
        {
            try
            {
                IdxReader.Read(new MemoryStream(content), "random.gz");
                return true;
            }
            catch (IdxFormatException)
            {
                return true;
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Writing_then_reading_round_trips_every_element_type()
    {
        var arrays = Gen.OneOf(
            Case(Gen.Byte),
            Case(Gen.SByte),
            Case(Gen.Short),
            Case(Gen.Int),
            Case(Gen.Float),
            Case(Gen.Double));

        using var folder = new TemporaryFolder();
        Gen.Select(arrays, Gen.Bool).Sample((array, compress) =>
        {
            // CsCheck samples on several threads at once, so every sample gets its own file.
            var path = folder.File(Guid.NewGuid().ToString("N") + (compress ? ".gz" : ".idx"));
            IdxWriter.Write(path, array);
            var back = IdxReader.Read(path);
            return back.ElementType == array.ElementType
                && back.Dimensions.SequenceEqual(array.Dimensions)
                && back.Payload.SequenceEqual(array.Payload);
        }, iter: 300);
    }

    [Fact]
    public void Written_files_are_big_endian_as_the_format_requires()
    {
        using var stream = new MemoryStream();

        IdxWriter.Write(stream, IdxArray.Create<int>([2], [1, 0x01020304]));

        Assert.Equal<byte>([0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 1, 2, 3, 4], stream.ToArray());
    }

    private static Gen<IdxArray> Case<T>(Gen<T> element)
        where T : unmanaged
        => Dimensions.SelectMany(dims => element.Array[dims.Aggregate(1, (a, b) => a * b)].Select(values => IdxArray.Create<T>(dims, values)));

    private static int Size(IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Double => 8,
        _ => 4,
    };
}
