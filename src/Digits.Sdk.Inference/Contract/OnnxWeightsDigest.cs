using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using WireType = Digits.Sdk.Contract.ProtobufReader.WireType;

namespace Digits.Sdk.Contract;

/// <summary>
/// The digest of a model's weights that the exporter records under <see cref="OnnxModelContract.WeightsDigestKey"/> and
/// <see cref="Inference.DigitClassifier"/> checks on load: SHA-256 over the main graph's initializers, read straight
/// from the file's protobuf bytes, so that a model whose weights were damaged after export is refused instead of
/// giving confident wrong answers.
/// </summary>
/// <remarks>
/// <para>The canonical form (docs/articles/onnx.md states it for readers in other languages): for each initializer of
/// <c>ModelProto.graph</c>, in the order the file lists them,</para>
/// <list type="number">
/// <item>its name: the UTF-8 byte count (4 bytes, little-endian), then the bytes;</item>
/// <item>its <c>data_type</c> (4 bytes, little-endian);</item>
/// <item>its <c>dims</c>: their count (4 bytes), then each dimension (8 bytes, little-endian);</item>
/// <item>how many of its data fields hold values (1 byte), then for each of those, in the order <c>raw_data</c>,
/// <c>float_data</c>, <c>int32_data</c>, <c>int64_data</c>, <c>double_data</c>, <c>uint64_data</c>, <c>string_data</c>:
/// its field number (1 byte), its byte count (8 bytes, little-endian) and its values, little-endian at their width
/// (<c>raw_data</c> as stored; each string preceded by its 4-byte length).</item>
/// </list>
/// <para>Fields are read as protobuf parsers read them: the last name, type and <c>raw_data</c> win, repeated values
/// accumulate packed or not, a field of the wrong wire type is skipped. The metadata, the nodes and the graph's inputs
/// and outputs are not covered: ONNX Runtime checks the graph's structure itself and <see cref="Inference.ModelMetadataReader"/>
/// the metadata. Every byte of an initializer is: a change to its name, type, shape or values gives another digest,
/// and one that breaks the encoding makes the file unreadable.</para>
/// </remarks>
internal static class OnnxWeightsDigest
{
    // Field numbers of onnx.proto.
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorName = 8;

    /// <summary>The data fields of a TensorProto, in the order the digest takes them.</summary>
    private static readonly DataField[] DataFields =
    [
        new(9, Encoding.Bytes, 1),    // raw_data
        new(4, Encoding.Fixed, 4),    // float_data
        new(5, Encoding.Varint, 4),   // int32_data
        new(7, Encoding.Varint, 8),   // int64_data
        new(10, Encoding.Fixed, 8),   // double_data
        new(11, Encoding.Varint, 8),  // uint64_data
        new(6, Encoding.Strings, 1),  // string_data
    ];

    private static readonly DataField Dims = new(TensorDims, Encoding.Varint, 8);

    private enum Encoding
    {
        /// <summary>One byte string; the last occurrence wins.</summary>
        Bytes,

        /// <summary>Repeated byte strings, each hashed with its length.</summary>
        Strings,

        /// <summary>Repeated fixed-width numbers, packed or not.</summary>
        Fixed,

        /// <summary>Repeated varints, packed or not, hashed at the field's width.</summary>
        Varint,
    }

    /// <summary>Computes the digest of the initializers of the ONNX model in <paramref name="model"/>.</summary>
    /// <param name="model">A serialized <c>ModelProto</c>: the whole file.</param>
    /// <returns>The digest as 64 lower-case hexadecimal digits.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed protobuf message; the message names the byte offset.</exception>
    public static string Compute(ReadOnlySpan<byte> model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = new ProtobufReader(model);
        while (reader.TryReadField(out var field, out var type))
        {
            if (field != ModelGraph || type != WireType.LengthDelimited)
            {
                reader.Skip(type);
                continue;
            }

            // A message field given twice is merged by protobuf parsers: both graphs' initializers are the model's.
            var graph = new ProtobufReader(reader.ReadLengthDelimited(out var graphStart), graphStart);
            while (graph.TryReadField(out var graphField, out var graphType))
            {
                if (graphField == GraphInitializer && graphType == WireType.LengthDelimited)
                {
                    var tensor = graph.ReadLengthDelimited(out var tensorStart);
                    AppendTensor(hash, tensor, tensorStart);
                }
                else
                {
                    graph.Skip(graphType);
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Checks the weights of the model in <paramref name="model"/> against the digest its metadata recorded.</summary>
    /// <param name="model">The whole file, as it is being loaded.</param>
    /// <param name="expected">The digest the exporter recorded (<see cref="OnnxModelContract.WeightsDigestKey"/>).</param>
    /// <param name="source">How messages name the model: a quoted path, or a description.</param>
    /// <exception cref="InvalidDataException">The weights differ from the ones the digest was made of, or cannot be read.</exception>
    public static void Check(ReadOnlySpan<byte> model, string expected, string source)
    {
        string actual;
        try
        {
            actual = Compute(model);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{source} is damaged: its weights cannot be read to check them against their digest ({error.Message}).", error);
        }

        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            // One digest covers all the initializers together, so it cannot tell which of them changed.
            throw new InvalidDataException(
                $"{source} has damaged weights: they are not the ones the model was exported with (their SHA-256 is {actual[..12]}…, "
                + $"its metadata '{OnnxModelContract.WeightsDigestKey}' recorded {expected[..Math.Min(12, expected.Length)]}…), so its "
                + "predictions would be wrong. The file changed after it was written (a damaged copy, download or disk); export the model again or restore it from a copy.");
        }
    }

    /// <summary>Appends one initializer's canonical form; each part is found by its own pass over the fields, since protobuf lets them come in any order.</summary>
    private static void AppendTensor(IncrementalHash hash, ReadOnlySpan<byte> tensor, long start)
    {
        ReadOnlySpan<byte> name = default;
        var dataType = 0u;
        var reader = new ProtobufReader(tensor, start);
        while (reader.TryReadField(out var field, out var type))
        {
            if (field == TensorName && type == WireType.LengthDelimited)
            {
                name = reader.ReadLengthDelimited(out _);
            }
            else if (field == TensorDataType && type == WireType.Varint)
            {
                // An int32 field keeps the low 32 bits of its varint.
                dataType = (uint)reader.ReadVarint();
            }
            else
            {
                reader.Skip(type);
            }
        }

        AppendWord(hash, (uint)name.Length, 4);
        hash.AppendData(name);
        AppendWord(hash, dataType, 4);
        AppendWord(hash, (ulong)(Walk(tensor, start, Dims, hash: null) / Dims.Width), 4);
        Walk(tensor, start, Dims, hash);

        Span<long> lengths = stackalloc long[DataFields.Length];
        byte present = 0;
        for (var i = 0; i < DataFields.Length; i++)
        {
            lengths[i] = Walk(tensor, start, DataFields[i], hash: null);
            present += lengths[i] > 0 ? (byte)1 : (byte)0;
        }

        hash.AppendData([present]);
        for (var i = 0; i < DataFields.Length; i++)
        {
            if (lengths[i] > 0)
            {
                hash.AppendData([(byte)DataFields[i].Number]);
                AppendWord(hash, (ulong)lengths[i], 8);
                Walk(tensor, start, DataFields[i], hash);
            }
        }
    }

    /// <summary>
    /// Walks the occurrences of one field of a tensor and returns the byte count of its values in the canonical form,
    /// appending them to <paramref name="hash"/> when one is given: counting and hashing are the same walk, so the count
    /// written before the values is the count of what follows.
    /// </summary>
    private static long Walk(ReadOnlySpan<byte> tensor, long start, DataField field, IncrementalHash? hash)
    {
        long count = 0;
        ReadOnlySpan<byte> last = default;
        var reader = new ProtobufReader(tensor, start);
        while (reader.TryReadField(out var number, out var type))
        {
            if (number != field.Number)
            {
                reader.Skip(type);
                continue;
            }

            switch (field.Encoding, type)
            {
                case (Encoding.Bytes, WireType.LengthDelimited):
                    last = reader.ReadLengthDelimited(out _);
                    break;
                case (Encoding.Strings, WireType.LengthDelimited):
                    var text = reader.ReadLengthDelimited(out _);
                    count += 4 + text.Length;
                    if (hash is not null)
                    {
                        AppendWord(hash, (uint)text.Length, 4);
                        hash.AppendData(text);
                    }

                    break;
                case (Encoding.Fixed, WireType.LengthDelimited):
                    var atPacked = reader.Offset;
                    var packed = reader.ReadLengthDelimited(out _);
                    if (packed.Length % field.Width != 0)
                    {
                        throw ProtobufReader.Damaged(atPacked, string.Create(CultureInfo.InvariantCulture, $"a packed list of {field.Width}-byte numbers that is {packed.Length:N0} bytes long"));
                    }

                    // Fixed-width values are stored little-endian, as the canonical form takes them.
                    count += packed.Length;
                    hash?.AppendData(packed);
                    break;
                case (Encoding.Fixed, WireType.Fixed32 or WireType.Fixed64) when type == (field.Width == 4 ? WireType.Fixed32 : WireType.Fixed64):
                    var bits = field.Width == 4 ? reader.ReadFixed32() : reader.ReadFixed64();
                    count += field.Width;
                    if (hash is not null)
                    {
                        AppendWord(hash, bits, field.Width);
                    }

                    break;
                case (Encoding.Varint, WireType.LengthDelimited):
                    var varints = new ProtobufReader(reader.ReadLengthDelimited(out var varintsStart), varintsStart);
                    while (!varints.AtEnd)
                    {
                        var value = varints.ReadVarint();
                        count += field.Width;
                        if (hash is not null)
                        {
                            AppendWord(hash, value, field.Width);
                        }
                    }

                    break;
                case (Encoding.Varint, WireType.Varint):
                    var single = reader.ReadVarint();
                    count += field.Width;
                    if (hash is not null)
                    {
                        AppendWord(hash, single, field.Width);
                    }

                    break;
                default:
                    // The wrong wire type for the field: protobuf parsers keep it as an unknown field.
                    reader.Skip(type);
                    break;
            }
        }

        if (field.Encoding == Encoding.Bytes)
        {
            hash?.AppendData(last);
            return last.Length;
        }

        return count;
    }

    /// <summary>Appends the low <paramref name="width"/> bytes of <paramref name="value"/>, little-endian.</summary>
    private static void AppendWord(IncrementalHash hash, ulong value, int width)
    {
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(word, value);
        hash.AppendData(word[..width]);
    }

    /// <summary>A TensorProto field that holds values: its number, how it is encoded and each value's width in the canonical form.</summary>
    private readonly record struct DataField(int Number, Encoding Encoding, int Width);
}
