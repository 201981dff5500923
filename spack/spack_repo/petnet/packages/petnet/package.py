# Spack recipe for petnet, kept in the petnet repository (spack/spack_repo/petnet) and
# used through the environment in ../../../../spack.yaml.
from spack_repo.builtin.build_systems.cmake import CMakePackage
from spack_repo.builtin.build_systems.cuda import CudaPackage

from spack.package import *


class Petnet(CMakePackage, CudaPackage):
    """Neural-network PDE solvers trained with the solvers of numerical analysis
    (Moore-Penrose continuation, trust-region SQP, damped block Newton): residual
    Jacobians distributed with MPI through PETSc, network kernels in Kokkos (Serial,
    OpenMP or CUDA), results and checkpoints in HDF5."""

    # Built from a checkout: spack.yaml marks petnet as a develop spec (path: .).
    # A release would add url= and checksummed versions here.
    version("main")

    variant("openmp", default=False, description="Kokkos kernels on the OpenMP backend")
    variant(
        "kokkos_kernels",
        default=False,
        description="Provide Kokkos Kernels (for kernels that use it; the build does not yet)",
    )

    depends_on("c", type="build")
    depends_on("cxx", type="build")
    depends_on("cmake@3.20:", type="build")
    depends_on("pkgconfig", type="build")

    depends_on("mpi")
    depends_on("petsc@3.18:+mpi+hdf5")
    depends_on("hdf5+mpi")
    depends_on("fftw")  # spectral reference solvers (also PETSc's FFT)
    depends_on("blas")
    depends_on("lapack")
    depends_on("googletest", type="test")

    # The kernels compile against Kokkos 3.4 (Debian's, Serial only) and 4.x.
    depends_on("kokkos@3.4:4")
    depends_on("kokkos+openmp", when="+openmp")
    depends_on("kokkos+cuda+wrapper", when="+cuda")
    for _arch in CudaPackage.cuda_arch_values:
        depends_on(f"kokkos cuda_arch={_arch}", when=f"+cuda cuda_arch={_arch}")
    depends_on("kokkos-kernels", when="+kokkos_kernels")
    depends_on("kokkos-kernels+cuda", when="+kokkos_kernels+cuda")
    depends_on("kokkos-kernels+openmp", when="+kokkos_kernels+openmp")

    # Kokkos builds for one GPU architecture at a time.
    conflicts("cuda_arch=none", when="+cuda", msg="petnet+cuda needs one cuda_arch=<sm>")

    def cmake_args(self):
        args = [
            self.define("PETNET_ENABLE_TESTS", self.run_tests),
            self.define("HDF5_ROOT", self.spec["hdf5"].prefix),
            # Spack's compiler wrappers add the flags of the spec's target.
            self.define("PETNET_NATIVE", False),
        ]
        if self.spec.satisfies("+cuda"):
            # Kokkos' CUDA backend compiles through its nvcc wrapper.
            args.append(self.define("CMAKE_CXX_COMPILER", self.spec["kokkos"].package.kokkos_cxx))
        return args

    def check(self):
        """Build-time tests: the ctest suite (spack install --test=root petnet)."""
        with working_dir(self.build_directory):
            ctest("--output-on-failure")

    def test_help(self):
        """The installed driver starts, lists its options and exits 0 (spack test run)."""
        petnet = which(self.prefix.bin.petnet)
        out = petnet("-help", output=str, error=str)
        assert "-problem" in out
