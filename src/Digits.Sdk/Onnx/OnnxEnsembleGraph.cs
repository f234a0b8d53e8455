using Digits.Sdk.Contract;
using Digits.Sdk.Onnx.Protos;

namespace Digits.Sdk.Onnx;

/// <summary>
/// Joins the graphs of several members into one graph with one input: each member's nodes and weights are kept under
/// its own prefix, and the members' softmax outputs are averaged into <c>probabilities</c>, whose logarithm is
/// <c>logits</c> (the softmax of log-probabilities that sum to 1 is those probabilities again).
/// </summary>
internal static class OnnxEnsembleGraph
{
    /// <param name="members">Each member's graph, translated with a <c>probabilities</c> output.</param>
    /// <param name="includeProbabilities">Whether the joint graph has a <c>probabilities</c> output besides <c>logits</c>.</param>
    public static GraphProto Combine(IReadOnlyList<GraphProto> members, bool includeProbabilities)
    {
        var graph = new GraphProto { Name = "ensemble" };
        var memberProbabilities = new List<string>();
        for (var k = 0; k < members.Count; k++)
        {
            var prefix = $"member{k}/";
            string Rename(string value) => value.Length == 0 || value == OnnxModelContract.InputName ? value : prefix + value;
            foreach (var initializer in members[k].Initializer)
            {
                var renamed = initializer.Clone();
                renamed.Name = Rename(initializer.Name);
                graph.Initializer.Add(renamed);
            }

            foreach (var node in members[k].Node)
            {
                var renamed = node.Clone();
                renamed.Name = prefix + node.Name;
                renamed.Input.Clear();
                renamed.Input.AddRange(node.Input.Select(Rename));
                renamed.Output.Clear();
                renamed.Output.AddRange(node.Output.Select(Rename));
                graph.Node.Add(renamed);
            }

            memberProbabilities.Add(Rename(OnnxModelContract.ProbabilitiesName));
        }

        var classes = members[0].Output.First(output => output.Name == OnnxModelContract.LogitsName);
        var mean = includeProbabilities ? OnnxModelContract.ProbabilitiesName : "ensemble/mean";
        var inverseCount = new TensorProto { Name = "ensemble/inverse_count", DataType = (int)TensorProto.Types.DataType.Float };
        inverseCount.FloatData.Add(1f / members.Count);
        graph.Initializer.Add(inverseCount);
        graph.Node.Add(new NodeProto { Name = "ensemble/Sum", OpType = "Sum", Input = { memberProbabilities }, Output = { "ensemble/sum" } });
        graph.Node.Add(new NodeProto { Name = "ensemble/Mul", OpType = "Mul", Input = { "ensemble/sum", inverseCount.Name }, Output = { mean } });
        graph.Node.Add(new NodeProto { Name = "ensemble/Log", OpType = "Log", Input = { mean }, Output = { OnnxModelContract.LogitsName } });

        graph.Input.Add(members[0].Input.First(input => input.Name == OnnxModelContract.InputName).Clone());
        graph.Output.Add(classes.Clone());
        if (includeProbabilities)
        {
            var probabilities = classes.Clone();
            probabilities.Name = OnnxModelContract.ProbabilitiesName;
            graph.Output.Add(probabilities);
        }

        return graph;
    }
}
