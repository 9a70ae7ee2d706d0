const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
exports.resize = async function resize(image) {
  console.log(`resizing ${image.name}`);
  await sleep(image.size);
  if (image.size > 40) throw new Error(`${image.name} too large`);
  return `${image.name}@thumb`;
};
