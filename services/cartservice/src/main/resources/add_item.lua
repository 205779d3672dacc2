-- AddItem in one atomic step (Redis runs a script alone, so concurrent adds never lose an update).
-- Reads the protobuf-encoded hipstershop.Cart in field 'cart' of the hash at KEYS[1], adds ARGV[3] units of
-- product ARGV[2] to its line (or appends a new last line), stamps the user id ARGV[1] and writes it back.
-- Returns the product's new quantity, or nil (and writes nothing) when that would pass the int32 range of
-- CartItem.quantity.
--
-- Wire format: Cart {1: user_id string, 2: items CartItem (repeated)}, CartItem {1: product_id string,
-- 2: quantity int32 varint}. Lines other than the one added to are copied byte for byte.

local TWO_32 = 4294967296
local INT32_MAX = 2147483647

local function invalid(what)
  error('stored cart is not a valid Cart message: ' .. what)
end

-- A varint at pos, as a signed int32 (its low 32 bits), and the position after it. Only the low bits are
-- summed because Lua numbers are doubles: a 10-byte negative varint would lose precision.
local function read_varint(s, pos)
  local value, scale = 0, 1
  for i = 0, 9 do
    local b = string.byte(s, pos)
    if b == nil then invalid('truncated varint') end
    pos = pos + 1
    if i <= 4 then
      value = value + (b % 128) * scale
      scale = scale * 128
    end
    if b < 128 then
      value = value % TWO_32
      if value > INT32_MAX then value = value - TWO_32 end
      return value, pos
    end
  end
  invalid('varint longer than ten bytes')
end

-- A length-delimited value at pos, and the position after it.
local function read_bytes(s, pos)
  local len
  len, pos = read_varint(s, pos)
  if len < 0 or pos + len - 1 > #s then invalid('truncated field') end
  return string.sub(s, pos, pos + len - 1), pos + len
end

local function skip(s, pos, wire)
  local _
  if wire == 0 then _, pos = read_varint(s, pos) return pos end
  if wire == 1 then return pos + 8 end
  if wire == 2 then _, pos = read_bytes(s, pos) return pos end
  if wire == 5 then return pos + 4 end
  invalid('unsupported wire type ' .. wire)
end

local function read_item(s)
  local id, quantity, pos = '', 0, 1
  while pos <= #s do
    local tag
    tag, pos = read_varint(s, pos)
    local field, wire = math.floor(tag / 8), tag % 8
    if field == 1 and wire == 2 then
      id, pos = read_bytes(s, pos)
    elseif field == 2 and wire == 0 then
      quantity, pos = read_varint(s, pos)
    else
      pos = skip(s, pos, wire)
    end
  end
  return id, quantity
end

local function varint(n)
  local bytes = {}
  if n < 0 then
    -- A negative int32 takes ten bytes: its 64-bit two's complement, every bit above 31 set.
    local low = n + TWO_32
    for _ = 1, 4 do
      bytes[#bytes + 1] = low % 128 + 128
      low = math.floor(low / 128)
    end
    bytes[#bytes + 1] = low + 0x70 + 128
    for _ = 1, 4 do bytes[#bytes + 1] = 255 end
    bytes[#bytes + 1] = 1
  else
    repeat
      local b = n % 128
      n = math.floor(n / 128)
      if n > 0 then b = b + 128 end
      bytes[#bytes + 1] = b
    until n == 0
  end
  return string.char(unpack(bytes))
end

local function len_field(tag, bytes)
  return string.char(tag) .. varint(#bytes) .. bytes
end

local function encode_item(id, quantity)
  return len_field(0x0A, id) .. string.char(0x10) .. varint(quantity)
end

local user_id, product_id, quantity = ARGV[1], ARGV[2], tonumber(ARGV[3])
local stored = redis.call('HGET', KEYS[1], 'cart') or ''

local lines, added, pos = {}, nil, 1
while pos <= #stored do
  local tag
  tag, pos = read_varint(stored, pos)
  local field, wire = math.floor(tag / 8), tag % 8
  if field == 2 and wire == 2 then
    local item
    item, pos = read_bytes(stored, pos)
    local id, current = read_item(item)
    if added == nil and id == product_id then
      added = current + quantity
      if added > INT32_MAX then return false end
      item = encode_item(id, added)
    end
    lines[#lines + 1] = len_field(0x12, item)
  else
    -- the stored user id (written afresh below) or a field this script does not know
    pos = skip(stored, pos, wire)
  end
end
if added == nil then
  added = quantity
  lines[#lines + 1] = len_field(0x12, encode_item(product_id, quantity))
end

redis.call('HSET', KEYS[1], 'cart', len_field(0x0A, user_id) .. table.concat(lines))
return added
