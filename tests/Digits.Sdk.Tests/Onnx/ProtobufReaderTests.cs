using CsCheck;
using Digits.Sdk.Contract;
using Google.Protobuf;
using WireType = Digits.Sdk.Contract.ProtobufReader.WireType;

namespace Digits.Sdk.Tests.Onnx;

/// <summary>The inference package's own protobuf reader, which reads the weights of every model a user loads.</summary>
public sealed class ProtobufReaderTests
{
    [Fact]
    public void It_reads_what_Google_Protobuf_writes()
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(1, WireFormat.WireType.Varint);
        output.WriteUInt64(ulong.MaxValue);
        output.WriteTag(2, WireFormat.WireType.Fixed32);
        output.WriteFixed32(0xDEADBEEF);
        output.WriteTag(3, WireFormat.WireType.Fixed64);
        output.WriteFixed64(0x0123456789ABCDEF);
        output.WriteTag(536_870_911, WireFormat.WireType.LengthDelimited);
        output.WriteString("weights");
        output.Flush();

        var reader = new ProtobufReader(stream.ToArray());

        Assert.True(reader.TryReadField(out var number, out var type));
        Assert.Equal((1, WireType.Varint, ulong.MaxValue), (number, type, reader.ReadVarint()));
        Assert.True(reader.TryReadField(out number, out type));
        Assert.Equal((2, WireType.Fixed32, 0xDEADBEEFu), (number, type, reader.ReadFixed32()));
        Assert.True(reader.TryReadField(out number, out type));
        Assert.Equal((3, WireType.Fixed64, 0x0123456789ABCDEFul), (number, type, reader.ReadFixed64()));
        Assert.True(reader.TryReadField(out number, out type));
        Assert.Equal((536_870_911, WireType.LengthDelimited), (number, type));
        Assert.Equal("weights"u8.ToArray(), reader.ReadLengthDelimited(out _).ToArray());
        Assert.False(reader.TryReadField(out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 1, 2 }, "a value of 5 bytes where 2 remain", 1)]
    [InlineData(new byte[] { 0x08, 0x80, 0x80 }, "a number that runs past the end", 1)]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "longer than the ten bytes", 1)]
    [InlineData(new byte[] { 0x15, 1, 2 }, "a four-byte value cut off", 1)]
    [InlineData(new byte[] { 0x00, 0x01 }, "field 0", 0)]
    [InlineData(new byte[] { 0x0E }, "wire type 6", 0)]
    [InlineData(new byte[] { 0x0C }, "the end of a group that never started", 1)]
    [InlineData(new byte[] { 0x0B, 0x10, 0x01 }, "a group that never ends", 1)]
    public void Damage_is_refused_naming_the_byte_where_it_is(byte[] bytes, string found, int offset)
    {
        var error = Assert.Throws<InvalidDataException>(() => ReadAll(bytes));

        Assert.Contains(found, error.Message);
        Assert.Contains($"at byte {offset}", error.Message);
    }

    [Fact]
    public void Groups_are_skipped_however_they_nest_up_to_a_bound()
    {
        // Field 1 as a group holding a varint and a nested group, then field 2.
        byte[] nested = [0x0B, 0x08, 0x05, 0x13, 0x14, 0x0C, 0x10, 0x07];
        byte[] deep = [.. Enumerable.Repeat((byte)0x0B, 65), .. Enumerable.Repeat((byte)0x0C, 65)];

        Assert.Equal([(1, WireType.StartGroup), (2, WireType.Varint)], ReadAll(nested));
        Assert.Contains("nested more than 64 deep", Assert.Throws<InvalidDataException>(() => ReadAll(deep)).Message);
    }

    [Fact]
    public void Offsets_in_a_nested_message_are_offsets_in_the_file()
    {
        // A message at byte 2 whose second field is cut short.
        byte[] bytes = [0x3A, 0x04, 0x08, 0x01, 0x12, 0x09];

        var error = Assert.Throws<InvalidDataException>(() =>
        {
            var outer = new ProtobufReader(bytes);
            outer.TryReadField(out _, out _);
            var inner = outer.ReadLengthDelimited(out var start);
            Assert.Equal(2, start);
            ReadAll(inner.ToArray(), start);
        });

        Assert.Contains("at byte 5", error.Message);
    }

    [Fact]
    public void Random_bytes_are_read_or_refused_with_InvalidDataException_and_nothing_else()
    {
        Gen.Byte.Array[0, 48].Sample(bytes =>
        {
            try
            {
                ReadAll(bytes);
                OnnxWeightsDigest.Compute(bytes);
            }
            catch (InvalidDataException)
            {
            }
        }, iter: 20_000);
    }

    /// <summary>Reads every field, skipping each value, and returns the keys.</summary>
    private static List<(int, WireType)> ReadAll(byte[] bytes, long origin = 0)
    {
        var keys = new List<(int, WireType)>();
        var reader = new ProtobufReader(bytes, origin);
        while (reader.TryReadField(out var number, out var type))
        {
            keys.Add((number, type));
            reader.Skip(type);
        }

        return keys;
    }
}
