// Objects that hold GPU memory, with what the app asked for. Field names follow the Vulkan and VMA
// create-info structs so a reader can copy them across without translation.

/** What an object is: a VkBuffer or VkImage with memory, a raw VmaAllocation, or a VkDeviceMemory. */
/**
 * `swapchainImage`: an image the presentation engine owns (vkGetSwapchainImagesKHR). It holds no app
 * memory (size 0), lives as long as its swapchain and is never a leak while the swapchain lives.
 */
export type ObjectKind = 'buffer' | 'image' | 'allocation' | 'deviceMemory' | 'swapchainImage';

/** VkBufferCreateInfo subset. */
export interface BufferCreateInfo {
  readonly flags: number;
  readonly size: number;
  readonly usage: number;
  readonly sharingMode: number;
}

/** VkImageCreateInfo subset. */
export interface ImageCreateInfo {
  readonly flags: number;
  readonly imageType: number;
  readonly format: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly mipLevels: number;
  readonly arrayLayers: number;
  readonly samples: number;
  /** 0 = OPTIMAL, 1 = LINEAR */
  readonly tiling: number;
  readonly usage: number;
  readonly sharingMode: number;
  readonly initialLayout: number;
}

/** VmaAllocationCreateInfo subset; `pool` is the model's pool id (null for default pools). */
export interface AllocationCreateInfo {
  readonly flags: number;
  /** VmaMemoryUsage as recorded (2.x enum values in recordings). */
  readonly usage: number;
  readonly requiredFlags: number;
  readonly preferredFlags: number;
  readonly memoryTypeBits: number;
  readonly pool: number | null;
}

/** VkMemoryRequirements plus VkMemoryDedicatedRequirements. */
export interface MemoryRequirements {
  readonly size: number;
  readonly alignment: number;
  readonly memoryTypeBits: number;
  readonly prefersDedicated?: boolean;
  readonly requiresDedicated?: boolean;
  /** Set when no rule of the driver covers the create info: the answer is an estimate, for this reason. */
  readonly estimated?: string;
}

/** Where an object's memory sits, when the source says (captures, replays, dumps). */
export interface Placement {
  readonly memoryType: number;
  /** Ordinal of the VkDeviceMemory, in allocation order. */
  readonly block: number;
  readonly offset: number;
  readonly size: number;
  readonly dedicated: boolean;
  /** Model id of the deviceMemory object the resource is bound to, when the source has one (captures). */
  readonly memoryId?: number;
}

/** VmaAllocationCreateFlagBits (2.x and 3.x share these low bits). */
export const AllocationCreateFlag = {
  DEDICATED_MEMORY: 0x1,
  NEVER_ALLOCATE: 0x2,
  MAPPED: 0x4,
  CAN_BECOME_LOST: 0x8,
  CAN_MAKE_OTHER_LOST: 0x10,
  USER_DATA_COPY_STRING: 0x20,
  UPPER_ADDRESS: 0x40,
  DONT_BIND: 0x80,
  WITHIN_BUDGET: 0x100,
  CAN_ALIAS: 0x200,
  HOST_ACCESS_SEQUENTIAL_WRITE: 0x400,
  HOST_ACCESS_RANDOM: 0x800,
  HOST_ACCESS_ALLOW_TRANSFER_INSTEAD: 0x1000,
  STRATEGY_MIN_MEMORY: 0x10000,
  STRATEGY_MIN_TIME: 0x20000,
  STRATEGY_MIN_OFFSET: 0x40000,
} as const;

/** VmaMemoryUsage values as VMA 2.x records them (3.x keeps 0–6 and adds AUTO*). */
export const VmaMemoryUsage = [
  'UNKNOWN',
  'GPU_ONLY',
  'CPU_ONLY',
  'CPU_TO_GPU',
  'GPU_TO_CPU',
  'CPU_COPY',
  'GPU_LAZILY_ALLOCATED',
  'AUTO',
  'AUTO_PREFER_DEVICE',
  'AUTO_PREFER_HOST',
] as const;

export function memoryUsageName(usage: number): string {
  return VmaMemoryUsage[usage] ?? `usage ${usage}`;
}
