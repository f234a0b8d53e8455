using Digits.Sdk.Contract;
using WireType = Digits.Sdk.Contract.ProtobufReader.WireType;

namespace Digits.Sdk.Tests.TestSupport;

/// <summary>Where the weights of an ONNX file are: the byte ranges of its initializers, found by walking its protobuf encoding.</summary>
internal static class OnnxInitializers
{
    /// <summary>One initializer: its name, where its message is in the file and where its <c>raw_data</c> is (length 0 without).</summary>
    public sealed record Location(string Name, int Start, int Length, int RawDataStart, int RawDataLength);

    public static IReadOnlyList<Location> Locate(byte[] model)
    {
        var found = new List<Location>();
        var reader = new ProtobufReader(model);
        while (reader.TryReadField(out var field, out var type))
        {
            if (field != 7 || type != WireType.LengthDelimited)
            {
                reader.Skip(type);
                continue;
            }

            var graph = new ProtobufReader(reader.ReadLengthDelimited(out var graphStart), graphStart);
            while (graph.TryReadField(out var graphField, out var graphType))
            {
                if (graphField != 5 || graphType != WireType.LengthDelimited)
                {
                    graph.Skip(graphType);
                    continue;
                }

                var tensor = graph.ReadLengthDelimited(out var tensorStart);
                var (name, rawStart, rawLength) = (string.Empty, 0L, 0);
                var fields = new ProtobufReader(tensor, tensorStart);
                while (fields.TryReadField(out var tensorField, out var tensorType))
                {
                    switch (tensorField, tensorType)
                    {
                        case (8, WireType.LengthDelimited):
                            name = System.Text.Encoding.UTF8.GetString(fields.ReadLengthDelimited(out _));
                            break;
                        case (9, WireType.LengthDelimited):
                            rawLength = fields.ReadLengthDelimited(out rawStart).Length;
                            break;
                        default:
                            fields.Skip(tensorType);
                            break;
                    }
                }

                found.Add(new Location(name, (int)tensorStart, tensor.Length, (int)rawStart, rawLength));
            }
        }

        return found;
    }

    /// <summary>
    /// A copy of <paramref name="model"/> with <paramref name="count"/> bytes inverted in the middle of its largest
    /// weights, the damage a bad copy or disk does, which leaves the file a valid ONNX model.
    /// </summary>
    public static byte[] FlipWeights(byte[] model, int count)
    {
        var largest = Locate(model).MaxBy(location => location.RawDataLength)!;
        Assert.True(largest.RawDataLength >= count, $"The largest initializer, '{largest.Name}', has only {largest.RawDataLength} bytes.");
        var damaged = model.ToArray();
        var start = largest.RawDataStart + ((largest.RawDataLength - count) / 2);
        for (var i = start; i < start + count; i++)
        {
            damaged[i] ^= 0xFF;
        }

        return damaged;
    }
}
