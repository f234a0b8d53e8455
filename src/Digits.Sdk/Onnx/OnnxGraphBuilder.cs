using System.Runtime.InteropServices;
using Digits.Sdk.Onnx.Protos;
using Google.Protobuf;

namespace Digits.Sdk.Onnx;

/// <summary>
/// Appends nodes and constant tensors to an ONNX graph, giving every node and value a unique, readable name
/// derived from the layer it comes from (<c>conv1/Conv</c>).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<float, string> scalars = [];

    public OnnxGraphBuilder(string name)
    {
        Graph = new GraphProto { Name = name };
    }

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph { get; }

    /// <summary>Appends a node with one output and returns the output's name.</summary>
    public string Node(string scope, string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var name = Unique($"{scope}/{opType}");
        var node = new NodeProto { Name = name, OpType = opType, Output = { name + ":0" } };
        node.Input.AddRange(inputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return node.Output[0];
    }

    /// <summary>Adds a float32 constant named after its layer and role (<c>conv1.weight</c>).</summary>
    public string Initializer(string name, ReadOnlySpan<long> shape, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto
        {
            Name = Unique(name),
            DataType = (int)TensorProto.Types.DataType.Float,
            // raw_data is little-endian by the specification, as is every platform .NET runs this on.
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)),
        };
        tensor.Dims.AddRange(shape.ToArray());
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds an int64 constant, as operators such as Reshape take their shapes.</summary>
    public string Int64Initializer(string name, params long[] values)
    {
        var tensor = new TensorProto
        {
            Name = Unique(name),
            DataType = (int)TensorProto.Types.DataType.Int64,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
        };
        tensor.Dims.Add(values.Length);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float32 scalar constant, shared by every node that needs the same value.</summary>
    public string Scalar(float value)
    {
        if (!scalars.TryGetValue(value, out var name))
        {
            name = Initializer("constant_" + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), [], [value]);
            scalars[value] = name;
        }

        return name;
    }

    /// <summary>Renames the output of the graph's last node, so that a graph output can carry a fixed name.</summary>
    /// <returns>Whether the last node produced <paramref name="value"/> and was renamed.</returns>
    public bool TryRenameLastOutput(string value, string newName)
    {
        if (Graph.Node.Count == 0 || Graph.Node[^1].Output[0] != value || !names.Add(newName))
        {
            return false;
        }

        Graph.Node[^1].Output[0] = newName;
        return true;
    }

    /// <summary>Declares a float32 graph input or output with a symbolic batch dimension in front.</summary>
    public static ValueInfoProto FloatValue(string name, string batchSymbol, IEnumerable<int> sampleShape)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batchSymbol });
        foreach (var dimension in sampleShape)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dimension });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 1; !names.Add(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }

        return candidate;
    }
}
