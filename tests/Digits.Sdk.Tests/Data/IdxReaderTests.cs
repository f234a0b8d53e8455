using Digits.Sdk.Data;
using static Digits.Sdk.Tests.Data.IdxFiles;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Reading_a_plain_file_gives_its_type_dimensions_and_values()
    {
        var path = Save(folder, "a-idx2-ubyte", Concat(Header(0x08, 2, 3), [1, 2, 3, 4, 5, 6]));

        var array = IdxReader.Read(path);

        Assert.Equal(IdxElementType.UnsignedByte, array.ElementType);
        Assert.Equal([2, 3], array.Dimensions);
        Assert.Equal([1, 2, 3, 4, 5, 6], array.AsSpan<byte>().ToArray());
    }

    [Fact]
    public void Gzip_is_recognised_by_its_magic_bytes_not_the_file_name()
    {
        var path = Save(folder, "looks-plain.idx", Gzip(Concat(Header(0x0B, 2), [0x01, 0x02, 0xFF, 0xFE])));

        var array = IdxReader.Read(path);

        Assert.Equal([0x0102, unchecked((short)0xFFFE)], array.AsSpan<short>().ToArray());
    }

    [Fact]
    public void Big_endian_floats_are_read_in_the_machines_byte_order()
    {
        var path = Save(folder, "f-idx1", Concat(Header(0x0D, 1), [0x3F, 0x80, 0x00, 0x00]));

        Assert.Equal(1.0f, IdxReader.Read(path).AsSpan<float>()[0]);
    }

    [Fact]
    public void Reading_with_the_wrong_magic_names_offset_zero()
    {
        var path = Save(folder, "bad", Concat([0x01, 0x00, 0x08, 0x01, 0, 0, 0, 1], [7]));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(0, error.Offset);
        Assert.Contains("00 00", error.Expected);
        Assert.Contains("01 00", error.Message);
    }

    [Fact]
    public void An_unknown_type_code_is_named_at_offset_two()
    {
        var path = Save(folder, "bad", Concat(Header(0x0A, 1), [7]));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(2, error.Offset);
        Assert.Equal("0A", error.Found);
    }

    [Fact]
    public void A_file_without_dimensions_is_rejected_at_offset_three()
    {
        var path = Save(folder, "bad", Header(0x08));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(3, error.Offset);
        Assert.Contains("at least one dimension", error.Message);
    }

    [Fact]
    public void A_zero_dimension_is_named_with_its_offset()
    {
        var path = Save(folder, "bad", Header(0x08, 3, 0, 28));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(8, error.Offset);
        Assert.Contains("dimension 1", error.Expected);
    }

    [Fact]
    public void A_size_product_that_overflows_is_rejected_before_reading_the_payload()
    {
        var path = Save(folder, "bad", Header(0x0E, int.MaxValue, int.MaxValue, int.MaxValue));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(4, error.Offset);
        Assert.Contains("64 bits", error.Expected);
    }

    [Fact]
    public void Reading_a_truncated_file_names_the_offset()
    {
        var path = Save(folder, "short", Concat(Header(0x08, 10), [1, 2, 3, 4, 5]));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(13, error.Offset);
        Assert.Contains("10 bytes of payload", error.Expected);
        Assert.Contains("only 5", error.Expected);
    }

    [Fact]
    public void Reading_a_truncated_gzip_file_names_the_offset_in_the_decompressed_content()
    {
        var path = Save(folder, "short.gz", Gzip(Concat(Header(0x0C, 4), new byte[10])));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(18, error.Offset);
        Assert.Contains("decompressed", error.Message);
        Assert.Contains("16 bytes of payload", error.Expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trailing_bytes_after_the_payload_are_an_error(bool compressed)
    {
        var content = Concat(Header(0x08, 2), [1, 2, 99]);
        var path = Save(folder, "long", compressed ? Gzip(content) : content);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(10, error.Offset);
        Assert.Equal("the end of the file", error.Expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_tiny_file_claiming_two_billion_images_fails_fast_without_allocating(bool compressed)
    {
        var content = Concat(Header(0x08, int.MaxValue, 28, 28), new byte[14]);
        var bytes = compressed ? Gzip(content) : content;
        Assert.True(bytes.Length <= 64);
        var path = Save(folder, "liar", bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        Assert.Contains("payload", error.Expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stream_that_cannot_tell_its_length_costs_only_what_arrives_when_its_header_claims_more(bool compressed)
    {
        // Found by fuzzing: a 20-byte stream whose header claimed 3.9 MB of int16 allocated all of it before reading.
        var content = Concat(Header(0x0B, 30, 65538), new byte[6]);
        var bytes = compressed ? Gzip(content) : content;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(new Digits.Sdk.Fuzzing.Targets.ForwardOnlyStream(bytes), "download"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 512 << 10, $"allocated {allocated} bytes");
        Assert.Equal("the end of the file", error.Found);
        Assert.Contains("'download'", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_stream_that_cannot_tell_its_length_still_reads_a_payload_larger_than_its_first_chunks(bool compressed)
    {
        var values = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7 % 251)).ToArray();
        var content = Concat(Header(0x08, 3, 100_000), values);
        var bytes = compressed ? Gzip(content) : content;

        var array = IdxReader.Read(new Digits.Sdk.Fuzzing.Targets.ForwardOnlyStream(bytes), "download");

        Assert.Equal([3, 100_000], array.Dimensions);
        Assert.Equal(values, array.AsSpan<byte>().ToArray());
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_an_idx_format_error()
    {
        var gz = Gzip(Concat(Header(0x08, 100), new byte[100]));
        for (var i = 10; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5A;
        }

        var path = Save(folder, "corrupt.gz", gz);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("gzip", error.Expected);
    }

    [Fact]
    public void Images_are_read_as_normalised_float_nchw()
    {
        var path = Save(folder, "images", Concat(Header(0x08, 2, 2, 3), [0, 51, 102, 153, 204, 255, 0, 0, 0, 0, 0, 255]));

        using var images = IdxReader.ReadImages(path, new Normalization(0.2, 0.5));

        Assert.Equal([2L, 1, 2, 3], images.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, images.dtype);
        var values = images.data<float>().ToArray();
        Assert.Equal((0 - 0.2) / 0.5, values[0], 5);
        Assert.Equal((0.2 - 0.2) / 0.5, values[1], 5);
        Assert.Equal((1 - 0.2) / 0.5, values[11], 5);
    }

    [Fact]
    public void Images_must_be_unsigned_bytes()
    {
        var path = Save(folder, "images", Concat(Header(0x09, 1, 1, 1), [0]));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path, Normalization.UnitRange));

        Assert.Equal(2, error.Offset);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_name_the_labels_file()
    {
        var images = Save(folder, "images", Concat(Header(0x08, 3, 1, 1), [0, 1, 2]));
        var labels = Save(folder, "labels", Concat(Header(0x08, 2), [0, 1]));

        var error = Assert.Throws<IdxFormatException>(() => DigitDataset.FromIdx(images, labels));

        Assert.Equal(labels, error.FilePath);
        Assert.Equal(4, error.Offset);
        Assert.Contains("3 labels", error.Expected);
    }

    [Fact]
    public void A_label_outside_the_classes_is_named_with_its_offset()
    {
        var images = Save(folder, "images", Concat(Header(0x08, 3, 1, 1), [0, 1, 2]));
        var labels = Save(folder, "labels", Concat(Header(0x08, 3), [0, 9, 10]));

        var error = Assert.Throws<IdxFormatException>(() => DigitDataset.FromIdx(images, labels));

        Assert.Equal(10, error.Offset);
        Assert.Equal("10", error.Found);
        Assert.Contains("0..9", error.Expected);
    }

    [Fact]
    public void A_small_idx_pair_becomes_a_dataset_with_measured_normalisation()
    {
        var images = Save(folder, "images.gz", Gzip(Concat(Header(0x08, 2, 1, 2), [0, 255, 255, 255])));
        var labels = Save(folder, "labels", Concat(Header(0x08, 2), [3, 7]));

        using var dataset = DigitDataset.FromIdx(images, labels);

        Assert.Equal(2, dataset.Count);
        Assert.Equal([1, 1, 2], dataset.ImageShape);
        Assert.Equal(0.75, dataset.Normalization.Mean, 6);
        Assert.Equal(0f, dataset.Images.mean().item<float>(), 5);
        Assert.Equal([3L, 7], dataset.Labels.data<long>().ToArray());
    }
}
