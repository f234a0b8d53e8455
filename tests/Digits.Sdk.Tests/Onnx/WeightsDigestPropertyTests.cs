using CsCheck;
using Digits.Sdk.Fuzzing;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Onnx.Protos;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tests.TestSupport;
using Google.Protobuf;
using static TorchSharp.torch;

namespace Digits.Sdk.Tests.Onnx;

/// <summary>
/// Every change to the weights of an exported model is caught when it is loaded, and a model without the digest still
/// loads. The model is the fuzzing harness's seed network (a 16-to-3 linear layer, about 1 KB exported), small enough
/// to try every byte of its initializers.
/// </summary>
public sealed class WeightsDigestPropertyTests : IDisposable
{
    private readonly TemporaryFolder folder = new("digits-digest-property");

    private readonly byte[] model;

    private readonly IReadOnlyList<OnnxInitializers.Location> initializers;

    public WeightsDigestPropertyTests()
    {
        using var network = new SeedNetwork();
        var path = folder.File("seed.onnx");
        OnnxExporter.Export(network, path, new OnnxExportOptions { Dataset = SeedNetwork.Dataset });
        model = File.ReadAllBytes(path);
        initializers = OnnxInitializers.Locate(model);
    }

    [Fact]
    public void Every_byte_of_every_initializer_changed_alone_is_detected_on_load()
    {
        var positions = initializers.SelectMany(i => Enumerable.Range(i.Start, i.Length)).ToArray();
        Assert.True(positions.Length > 200, $"only {positions.Length} initializer bytes");

        var undetected = positions.Where(position => !Refused(Changed(position, (byte)(model[position] ^ 0xFF)))).ToArray();

        Assert.True(undetected.Length == 0, $"Loaded despite a changed byte at {string.Join(", ", undetected)}.");
    }

    [Fact]
    public void Any_single_byte_change_in_the_weights_is_detected_on_load()
    {
        var positions = initializers.SelectMany(i => Enumerable.Range(i.Start, i.Length)).ToArray();
        var changes = Gen.Select(Gen.Int[0, positions.Length - 1], Gen.Byte[1, 255])
            .Select((index, delta) => (Position: positions[index], Value: (byte)(model[positions[index]] ^ delta)));

        changes.Sample(change => Refused(Changed(change.Position, change.Value)), iter: 1_000, print: change => $"byte {change.Position} set to 0x{change.Value:X2}");
    }

    [Fact]
    public void A_model_without_the_digest_loads_whatever_its_weights()
    {
        Gen.Float[-4f, 4f].Array[51].Sample(weights =>
        {
            using var scope = NewDisposeScope();
            using var network = new SeedNetwork();
            using (no_grad())
            {
                var parameters = network.parameters().ToArray();
                parameters[0].copy_(tensor(weights[..48]).reshape(3, 16));
                parameters[1].copy_(tensor(weights[48..]));
            }

            var path = folder.File(Guid.NewGuid().ToString("N") + ".onnx");
            OnnxExporter.Export(network, path, new OnnxExportOptions { Dataset = SeedNetwork.Dataset });
            var onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            onnx.MetadataProps.Remove(onnx.MetadataProps.Single(p => p.Key == "digits.weights_sha256"));
            File.WriteAllBytes(path, onnx.ToByteArray());

            using var classifier = DigitClassifier.Load(path);
            return classifier.Metadata.WeightsDigest is null && classifier.ClassCount == 3;
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void The_digest_of_the_bytes_is_the_canonical_form_of_the_tensors_they_hold()
    {
        // Tensors of every kind of data field, as Google.Protobuf writes them, against the canonical form computed
        // from the objects (the definition in docs/articles/onnx.md, written again here independently).
        var tensor = Gen.Select(Gen.String[0, 12], Gen.Int[-3, 17], Gen.Long.Array[0, 3], Gen.Byte.Array[0, 24], Gen.Float.Array[0, 5], Gen.Int.Array[0, 5], Gen.Long.Array[0, 5])
            .Select((name, type, dims, raw, floats, ints, longs) =>
            {
                var proto = new TensorProto { Name = name, DataType = type, RawData = ByteString.CopyFrom(raw) };
                proto.Dims.Add(dims);
                proto.FloatData.Add(floats);
                proto.Int32Data.Add(ints);
                proto.Int64Data.Add(longs);
                return proto;
            });

        tensor.Array[0, 4].Sample(tensors =>
        {
            var graph = new GraphProto();
            graph.Initializer.Add(tensors);
            var bytes = new ModelProto { Graph = graph, ProducerName = "x" }.ToByteArray();
            return Contract.OnnxWeightsDigest.Compute(bytes) == Canonical(tensors);
        }, iter: 2_000);
    }

    public void Dispose() => folder.Dispose();

    private static string Canonical(IEnumerable<TensorProto> tensors)
    {
        using var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes);
        foreach (var tensor in tensors)
        {
            var name = System.Text.Encoding.UTF8.GetBytes(tensor.Name);
            writer.Write(name.Length);
            writer.Write(name);
            writer.Write(tensor.DataType);
            writer.Write(tensor.Dims.Count);
            tensor.Dims.ToList().ForEach(writer.Write);
            var fields = new List<(byte Number, byte[] Data)>
            {
                (9, tensor.RawData.ToByteArray()),
                (4, tensor.FloatData.SelectMany(BitConverter.GetBytes).ToArray()),
                (5, tensor.Int32Data.SelectMany(BitConverter.GetBytes).ToArray()),
                (7, tensor.Int64Data.SelectMany(BitConverter.GetBytes).ToArray()),
            }.Where(field => field.Data.Length > 0).ToList();
            writer.Write((byte)fields.Count);
            foreach (var (number, data) in fields)
            {
                writer.Write(number);
                writer.Write((long)data.Length);
                writer.Write(data);
            }
        }

        writer.Flush();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.ToArray()));
    }

    private byte[] Changed(int position, byte value)
    {
        var changed = model.ToArray();
        changed[position] = value;
        return changed;
    }

    /// <summary>Whether <see cref="DigitClassifier.Load"/> refuses the model; any other exception fails the test.</summary>
    private bool Refused(byte[] bytes)
    {
        var path = folder.File(Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var classifier = DigitClassifier.Load(path);
            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
