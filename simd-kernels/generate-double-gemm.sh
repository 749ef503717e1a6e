#!/usr/bin/env bash
# DoubleGemm.java is FloatGemm.java with float replaced by double: edit FloatGemm.java, then run
# this script to regenerate its twin (the two must stay identical in structure and blocking).
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/src/main/java/dev/vectorgrad/kernels/vector"
{
  sed -n '1p' "$dir/FloatGemm.java"
  echo
  echo "// Generated from FloatGemm.java by simd-kernels/generate-double-gemm.sh: do not edit."
  sed -e '1d' \
      -e 's/\bfloat\b/double/g; s/FloatVector/DoubleVector/g; s/VectorSpecies<Float>/VectorSpecies<Double>/g' \
      -e 's/VectorFloatKernels/VectorDoubleKernels/g; s/PackedFloatMatrix/PackedDoubleMatrix/g; s/FloatGemm/DoubleGemm/g; s/Float GEMM/Double GEMM/' \
      -e 's/\([0-9]\)f\b/\1.0/g' "$dir/FloatGemm.java"
} > "$dir/DoubleGemm.java"
